import XCTest

@testable import Language

final class LexerTests: XCTestCase {
    /// Source, then the token kinds expected (without the final `.end`).
    private let cases: [(String, [TokenKind])] = [
        ("3", [.number(3)]),
        ("0.5", [.number(0.5)]),
        ("1e-3", [.number(0.001)]),
        ("-2.5", [.number(-2.5)]),
        ("2E+2", [.number(200)]),
        (".5", [.number(0.5)]),
        ("\"a \\\"b\\\"\\n\"", [.string("a \"b\"\n")]),
        ("xor.L1.W", [.name("xor.L1.W")]),
        ("print \"hi\" # a comment", [.name("print"), .string("hi")]),
        ("# only a comment", []),
        ("[1, 2]", [.leftBracket, .number(1), .comma, .number(2), .rightBracket]),
        (
            "2 -> 4 tanh", [.number(2), .arrow, .number(4), .name("tanh")]
        ),
        (
            "until=loss<0.01",
            [.name("until"), .equals, .name("loss"), .comparison(.less), .number(0.01)]
        ),
        ("a>=1", [.name("a"), .comparison(.greaterOrEqual), .number(1)]),
        ("a\nb", [.name("a"), .newline, .name("b")]),
        ("[1,\n 2]", [.leftBracket, .number(1), .comma, .newline, .number(2), .rightBracket]),
        ("a \\\n b", [.name("a"), .name("b")]),
        ("héllo", [.name("héllo")]),
        ("2->4", [.number(2), .arrow, .number(4)]),
        ("1_000", [.number(1000)]),
        (
            "[[1, 2],\n [3, 4]]",
            [
                .leftBracket, .leftBracket, .number(1), .comma, .number(2), .rightBracket, .comma, .newline,
                .leftBracket, .number(3), .comma, .number(4), .rightBracket, .rightBracket,
            ]
        ),
        ("x.L1.W.grad", [.name("x.L1.W.grad")]),
        ("a\r\nb", [.name("a"), .newline, .name("b")]),
    ]

    func testTokenKinds() {
        for (source, expected) in cases {
            let output = Lexer.tokenize(source)
            XCTAssertEqual(output.diagnostics, [], "diagnostics for \(source)")
            XCTAssertEqual(output.tokens.map(\.kind), expected + [.end], "tokens of \(source)")
        }
    }

    func testColumnsCountUnicodeCodePoints() {
        let output = Lexer.tokenize("print \"é🙂\" x\n  y")
        let x = output.tokens[2]
        XCTAssertEqual(x.text, "x")
        XCTAssertEqual(x.range.start, SourcePosition(line: 1, column: 12, offset: 11))
        let y = output.tokens[4]
        XCTAssertEqual(y.range.start, SourcePosition(line: 2, column: 3, offset: 15))
        XCTAssertEqual(y.range.end.offset, 16)
    }

    func testLexicalErrors() {
        let cases: [(String, String, Int)] = [
            ("print \"open", "unterminated string", 7),
            ("x = 3x", "malformed number '3x'", 5),
            ("a ; b", "unexpected character ';'", 3),
            ("\"\\q\"", "unknown escape '\\q' in a string", 2),
            ("a \\ b", "'\\' must end its line", 3),
            ("seed 1e", "malformed number '1e'", 6),
            ("seed - 3", "malformed number '-'", 6),
            ("print \"a\nb", "unterminated string", 7),
        ]
        for (source, message, column) in cases {
            let diagnostics = Lexer.tokenize(source).diagnostics
            XCTAssertEqual(diagnostics.map(\.message), [message], source)
            XCTAssertEqual(diagnostics.first?.range?.start.column, column, source)
            XCTAssertEqual(diagnostics.first?.kind, .syntaxError, source)
        }
    }

    func testEndStates() {
        XCTAssertTrue(Lexer.tokenize("print \"abc").endsInsideString)
        XCTAssertEqual(Lexer.tokenize("[[1, 2],").unclosedBrackets, 1)
        XCTAssertEqual(Lexer.tokenize("[[1, 2], [").unclosedBrackets, 2)
        XCTAssertTrue(Lexer.tokenize("train 10 \\").endsWithContinuation)
        XCTAssertFalse(Lexer.tokenize("train 10").endsWithContinuation)
    }
}
