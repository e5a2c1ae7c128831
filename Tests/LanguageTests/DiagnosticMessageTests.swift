import XCTest

@testable import Language

/// The text of every kind of error, as a table: source, ename, evalue, last traceback line.
final class DiagnosticMessageTests: XCTestCase {
    private let cases: [(source: String, name: String, value: String, lastLine: String)] = [
        ("prnt \"x\"", "NameError", "unknown command 'prnt'", "did you mean 'print'?"),
        ("prnt", "NameError", "unknown command 'prnt'", "did you mean 'print'?"),
        ("zzzz", "NameError", "unknown name 'zzzz'", caret(1, 4)),
        ("help trian", "NameError", "unknown command 'trian'", "did you mean 'train'?"),
        ("train 10 bach=4", "NameError", "unknown option 'bach' for 'train'", "did you mean 'batch'?"),
        ("step lr=3", "NameError", "unknown option 'lr' for 'step'", "valid choices: batch, clip, on, position"),
        ("reset now=1", "NameError", "unknown option 'now' for 'reset'", "'reset' takes no options"),
        ("print \"open", "SyntaxError", "unterminated string", "a string ends with \" on the same line"),
        ("print [1, 2", "SyntaxError", "'[' is never closed", "expected ']' to match it"),
        ("print [1 2]", "SyntaxError", "expected ',' or ']' but found number 2", caret(10, 1)),
        ("seed", "SyntaxError", "'seed' takes 1 argument but was given 0", "usage: seed N"),
        ("seed 1 2", "SyntaxError", "'seed' takes 1 argument but was given 2", "usage: seed N"),
        (
            "net = 2 -> 1", "SyntaxError", "expected a name and '=' after 'net' but found '='",
            "usage: net NAME = IN -> LAYER -> ... | tokens K -> embed D -> ... | gpt vocab=DATA ... | perceptron N | adaline N [init=NAME]"
        ),
        ("net x = 2 ->", "SyntaxError", "expected a value after '->'", caret(11, 2)),
        ("dtype f16", "NameError", "'dtype' cannot take 'f16'", "valid choices: f32, f64"),
        ("show sumary", "NameError", "'show' cannot take 'sumary'", "did you mean 'summary'?"),
        (
            "loss mse reduction=avg", "ValueError", "option 'reduction' cannot be 'avg'",
            "valid choices: mean, sum"
        ),
        (
            "train batch=2.5", "ValueError", "option 'batch' takes a whole number but was given 2.5",
            caret(13, 3)
        ),
        (
            "optim sgd nesterov=1", "ValueError", "option 'nesterov' takes true or false but was given 1",
            caret(20, 1)
        ),
        ("train 1 batch=1 batch=2", "SyntaxError", "option 'batch' is given twice", caret(17, 5)),
        (
            "digits 40", "ValueError", "40 is out of range for 'digits'",
            "expected a whole number from 1 to 17"
        ),
        ("seed -1", "ValueError", "-1 is out of range for 'seed'", "expected a whole number from 0"),
        ("digits x", "ValueError", "'digits' expects a whole number here", caret(8, 1)),
        (
            "train 1 until=0.5", "ValueError",
            "option 'until' takes a condition such as loss<0.01 but was given 0.5",
            caret(15, 3)
        ),
        ("a ; b", "SyntaxError", "unexpected character ';'", caret(3, 1)),
        (
            "xor = 2 -> 1", "NameError", "unknown command 'xor'",
            "to make a net or data set, write: net xor = ... or data xor = ..."
        ),
        (
            "xor.L1.W = [[1]]", "SyntaxError", "expected end of line but found '='",
            "to give a parameter exact values, write: set xor.L1.W = VALUE"
        ),
    ]

    func testMessages() {
        for (source, name, value, lastLine) in cases {
            guard let error = Session().runExpectingError(source) else { continue }
            XCTAssertEqual(error.name, name, source)
            XCTAssertEqual(error.value, value, source)
            XCTAssertEqual(error.traceback.last, lastLine, source)
        }
    }

    func testTracebackShowsPlaceLineAndCaret() throws {
        let error = try XCTUnwrap(Session().runExpectingError("print \"ok\"\n  prnt \"x\""))
        XCTAssertEqual(
            error.traceback,
            [
                "NameError: unknown command 'prnt'", "line 2, column 3:", "      prnt \"x\"", caret(3, 4),
                "did you mean 'print'?",
            ])
    }

    func testAllSyntaxErrorsOfACellAreReported() throws {
        let error = try XCTUnwrap(Session().runExpectingError("prnt 1\nseed 1\nprint [1\ndigits 2 3"))
        XCTAssertEqual(error.name, "NameError")
        let headlines = error.traceback.filter { $0.contains("Error: ") }
        XCTAssertEqual(
            headlines,
            [
                "NameError: unknown command 'prnt'", "SyntaxError: '[' is never closed",
                "SyntaxError: 'digits' takes 1 argument but was given 2",
            ])
    }

    func testSuggestionsNeedToBeClose() {
        XCTAssertEqual(NameSuggester.nearest(to: "tanhh", among: ["tanh", "relu"]), "tanh")
        XCTAssertEqual(NameSuggester.nearest(to: "sigmiod", among: ["tanh", "sigmoid"]), "sigmoid")
        XCTAssertNil(NameSuggester.nearest(to: "x", among: ["xor"]))
        XCTAssertNil(NameSuggester.nearest(to: "banana", among: ["print", "train"]))
        XCTAssertEqual(NameSuggester.editDistance("ab", "ba"), 1)
        XCTAssertEqual(NameSuggester.editDistance("", "abc"), 3)
    }
}

/// The caret line under columns `column..<column+width` of a source line.
private func caret(_ column: Int, _ width: Int) -> String {
    "    " + String(repeating: " ", count: column - 1) + "^" + String(repeating: "~", count: width - 1)
}
