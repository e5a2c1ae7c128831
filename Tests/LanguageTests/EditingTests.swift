import Foundation
import XCTest

@testable import Language

final class EditingTests: XCTestCase {
    /// Code with `|` marking the cursor, then matches and the replaced range's start.
    private let completions: [(String, [String], Int)] = [
        ("pr|", ["predict", "print", "progress"], 0),
        ("|", CommandCatalogue.names.sorted(), 0),
        ("print 1\ntr|", ["train"], 8),
        ("train 10 ba|", ["batch="], 9),
        (
            "train 10 |",
            [
                "accum=", "alpha=", "batch=", "clip=", "eval=", "every=", "gamma=", "loss_scale=", "min_lr=",
                "on=",
                "patience=", "precision=", "schedule=", "shuffle=", "step_size=", "steps=", "teacher=",
                "temperature=", "until=", "warmup=", "watch=", "workers=",
            ], 9
        ),
        ("loss mse reduction=|", ["mean", "sum"], 19),
        ("optim sgd nesterov=t|", ["true"], 19),
        ("show w|", ["weights"], 5),
        ("loss |", ["bce", "bce_logits", "ce", "mae", "mse", "reduction=", "sse"], 5),
        // After the word that picks an optimizer or a loss, only the options it reads.
        ("optim adam |", ["beta1=", "beta2=", "eps=", "lr=", "weight_decay="], 11),
        ("optim sgd lr=0.1 |", ["dampening=", "lr=", "momentum=", "nesterov=", "weight_decay="], 17),
        ("optim lms |", ["lr="], 10),
        ("loss mse |", ["reduction="], 9),
        ("loss sse |", [], 9),
        ("net x = 2 -> dr|", ["dropout"], 13),
        ("help tr|", ["train"], 5),
        ("dtype |", ["f32", "f64"], 6),
        ("net x = 2 -> 4 ta|", ["tanh"], 15),
        ("net x = ad|", ["adaline"], 8),
        ("data ring = cir|", ["circles"], 12),
        ("data ring = circles no|", ["noise="], 20),
        ("é pr|", [], 2),
    ]

    func testCompletion() {
        let session = Session()
        for (marked, matches, start) in completions {
            let (code, cursor) = unmark(marked)
            let result = session.complete(code, cursor: cursor)
            XCTAssertEqual(result.matches, matches, marked)
            XCTAssertEqual(result.start, start, marked)
            XCTAssertEqual(result.end, cursor, marked)
        }
    }

    func testCompletionOfFilePathsInStrings() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bp-complete-\(UUID())")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("runs"), withIntermediateDirectories: true)
        try Data().write(to: directory.appendingPathComponent("runs/xor.tsv"))
        try Data().write(to: directory.appendingPathComponent("readme.txt"))
        defer { try? FileManager.default.removeItem(at: directory) }
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(directory.path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }

        let session = Session()
        let top = session.complete("export history \"r", cursor: 17)
        XCTAssertEqual(top.matches, ["readme.txt", "runs/"])
        XCTAssertEqual(top.start, 16)
        let nested = session.complete("save xor \"runs/x", cursor: 16)
        XCTAssertEqual(nested.matches, ["runs/xor.tsv"])
        XCTAssertEqual(nested.start, 10)
    }

    func testCompleteness() {
        let session = Session()
        let cases: [(String, CodeCompleteness)] = [
            ("print \"x\"", .complete),
            ("", .complete),
            ("set xor.L1.W = [[1, 2],", .incomplete(indent: "    ")),
            ("set xor.L1.W = [[1, 2],\n [3, 4]]", .complete),
            ("data d = [[1,", .incomplete(indent: "        ")),
            ("train 10 \\", .incomplete(indent: "")),
            ("print \"abc", .invalid),
            ("# print [", .complete),
            ("net x = 2 ->", .incomplete(indent: "    ")),
            ("net x = 2 ->\n    1 sigmoid", .complete),
        ]
        for (code, expected) in cases {
            XCTAssertEqual(session.completeness(code), expected, code)
        }
    }

    func testInspectShowsTheHelpOfTheCommand() throws {
        let session = Session()
        let onCommand = try XCTUnwrap(session.inspect("train 10", cursor: 2))
        XCTAssertEqual(onCommand, HelpText.help(for: CommandCatalogue.spec(named: "train")!))
        let onOption = try XCTUnwrap(session.inspect("print 1\noptim adam lr=0.1", cursor: 20))
        XCTAssertTrue(onOption.plain.hasPrefix("optim NAME"))
        XCTAssertNil(session.inspect("xyz", cursor: 1))
    }

    private func unmark(_ marked: String) -> (String, Int) {
        let scalars = Array(marked.unicodeScalars)
        let cursor = scalars.firstIndex(of: "|")!
        var code = String.UnicodeScalarView()
        code.append(contentsOf: scalars[..<cursor])
        code.append(contentsOf: scalars[(cursor + 1)...])
        return (String(code), cursor)
    }
}
