import Foundation
import XCTest

@testable import Language

/// Cells with words and lines of megabytes: the error comes at once, names the limit, and shows
/// a part of the line rather than all of it. A cell of one 3 MB unknown word used to block for
/// 18 s (10 MB: 60 s, 1.4 GB) in the did-you-mean search, deaf to interrupts, and then print
/// the word back three times: in the message, the source line and a row of tildes.
final class LongWordTests: XCTestCase {
    private static let word = String(repeating: "z", count: 3_000_000)

    /// Each cell, its error and where the caret sits in the shown line.
    private let cases: [(source: String, name: String, value: String)] = [
        (word, "SyntaxError", "a name has at most 256 characters, and this one has 3000000"),
        ("print " + word, "SyntaxError", "a name has at most 256 characters, and this one has 3000000"),
        (word + " 1", "SyntaxError", "a name has at most 256 characters, and this one has 3000000"),
        (
            "print \"" + String(repeating: "s", count: 3_000_000) + "\" x=1", "NameError",
            "unknown option 'x' for 'print'"
        ),
        (
            "net x = 2 -> 4 " + String(repeating: "q", count: 200) + " -> 1", "NameError",
            "unknown activation '" + String(repeating: "q", count: 39) + "…'"
        ),
        (
            "train " + String(repeating: "y", count: 100) + "=3", "NameError",
            "unknown option '" + String(repeating: "y", count: 39) + "…' for 'train'"
        ),
        (
            "seed " + String(repeating: "9", count: 100) + "x", "SyntaxError",
            "malformed number '" + String(repeating: "9", count: 39) + "…'"
        ),
    ]

    func testLongWordsAreQuickShortErrors() {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess("data xor\nnet keep = 2 -> 1 sigmoid"))
        for (source, name, value) in cases {
            let started = Date()
            guard let error = session.runExpectingError(source) else { continue }
            // Generous for a debug build on a busy machine; the unbounded search took 18 s optimised.
            XCTAssertLessThan(Date().timeIntervalSince(started), 10, value)
            XCTAssertEqual(error.name, name, value)
            XCTAssertEqual(error.value, value)
            for line in error.traceback {
                XCTAssertLessThanOrEqual(
                    line.unicodeScalars.count, 4 + DiagnosticRenderer.maximumShownLine + 2)
            }
            XCTAssertEqual(session.state.netOrder, ["keep"])
        }
    }

    func testTheSuggestionSearchIsBounded() {
        let started = Date()
        XCTAssertNil(NameSuggester.nearest(to: Self.word, among: CommandCatalogue.names))
        XCTAssertNil(NameSuggester.nearest(to: String(repeating: "a", count: 65), among: ["a"]))
        let many = (1...100_000).map { "L\($0).W" }
        XCTAssertEqual(NameSuggester.nearest(to: "L17.Q", among: many), "L17.W")
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }

    func testCompletionInspectionAndCompletenessOfALongWord() {
        // Each pass is linear in the word; a megabyte keeps a debug build's test short.
        let word = String(Self.word.prefix(1_000_000))
        let session = Session()
        let started = Date()
        XCTAssertEqual(session.complete(word, cursor: 1_000_000).matches, [])
        XCTAssertNil(session.inspect(word, cursor: 1_000_000))
        XCTAssertEqual(session.completeness(word), .complete)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
    }

    /// The pruned search suggests what the full one did: the nearest, the first of equals, and
    /// nothing when the nearest is too far.
    func testSuggestionsAreThoseOfTheFullSearch() {
        let cases: [(String, [String], String?)] = [
            ("trian", CommandCatalogue.names, "train"),
            ("prnt", CommandCatalogue.names, "print"),
            ("ab", ["ac", "ad"], "ac"),
            ("abc", ["abcdefgh", "xyz"], nil),
            ("sigmiod", ["tanh", "sigmoid"], "sigmoid"),
            ("TANH", ["tanh"], "tanh"),
            ("x", ["xor"], nil),
        ]
        for (word, candidates, expected) in cases {
            XCTAssertEqual(NameSuggester.nearest(to: word, among: candidates), expected, word)
        }
    }

    /// Long lines show 100 characters around the error, with "…" where they were cut.
    func testLongLinesAreShownAroundTheError() throws {
        let digits = (0..<300).map { String($0 % 10) }.joined()
        let cases: [(column: Int, shown: String, caret: String)] = [
            (1, String(digits.prefix(100)) + "…", "^~~~~~~~~~"),
            (
                151, "…" + String(digits.dropFirst(130).prefix(100)) + "…",
                String(repeating: " ", count: 21) + "^~~~~~~~~~"
            ),
            (
                295, "…" + String(digits.suffix(100)),
                String(repeating: " ", count: 95) + "^~~~~~"
            ),
        ]
        for (column, shown, caret) in cases {
            let start = SourcePosition(line: 1, column: column, offset: column - 1)
            let end = SourcePosition(line: 1, column: column + 10, offset: column + 9)
            let diagnostic = Diagnostic(.syntaxError, "bad", at: SourceRange(start, end))
            let error = DiagnosticRenderer.render([diagnostic], source: digits)
            XCTAssertEqual(error.traceback[2], "    " + shown, "column \(column)")
            XCTAssertEqual(error.traceback[3], "    " + caret, "column \(column)")
        }
    }
}
