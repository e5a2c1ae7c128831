import XCTest

@testable import Language

/// Numbers too large for an `Int` (or infinite: `1e400` lexes to inf) wherever a cell gives a count,
/// width, seed or option: each is an error naming the range, and the session is as it was.
/// These used to trap in an unchecked `Int(value)` and take the kernel down.
final class OutOfRangeNumberTests: XCTestCase {
    private static let widthNote =
        "expected a whole number from 1 to 20000000, as a net has at most 20000000 parameters"

    private let cases: [(source: String, name: String, value: String, lastLine: String)] = [
        ("net x = 1e300 -> 1", "ValueError", "1e+300 is out of range for a layer width", widthNote),
        ("net x = 2 -> 1e19 -> 1", "ValueError", "1e+19 is out of range for a layer width", widthNote),
        ("net x = 2 -> 1e400 -> 1", "ValueError", "inf is out of range for a layer width", widthNote),
        ("net x = 2 -> 1e400 tanh -> 1", "ValueError", "inf is out of range for a layer width", widthNote),
        ("net x = 2 -> 30000000 -> 1", "ValueError", "30000000 is out of range for a layer width", widthNote),
        (
            "net x = -1e300 -> 1", "SyntaxError",
            "expected the input width, a positive whole number, but found '-1e+300'", caret(9, 6)
        ),
        (
            "net x = 2 -> dropout 1e400 -> 1", "SyntaxError",
            "expected a probability between 0 and 1 in layer 1 but found 'inf'", caret(22, 5)
        ),
        (
            "net x = perceptron 1e19", "ValueError", "1e+19 is out of range for 'net'",
            "expected a whole number from 1 to 100000"
        ),
        (
            "seed 1e19", "ValueError", "1e+19 is out of range for 'seed'",
            "expected a whole number from 0 to 9223372036854775807"
        ),
        (
            "seed 1e400", "ValueError", "inf is out of range for 'seed'",
            "expected a whole number from 0 to 9223372036854775807"
        ),
        ("seed -1e400", "ValueError", "-inf is out of range for 'seed'", "expected a whole number from 0"),
        (
            "digits 1e300", "ValueError", "1e+300 is out of range for 'digits'",
            "expected a whole number from 1 to 17"
        ),
        (
            "train 1e19", "ValueError", "1e+19 is out of range for 'train'",
            "expected a whole number from 1 to 100000000"
        ),
        (
            "train batch=1e19", "ValueError", "option 'batch' must be from 1 to 9223372036854775807",
            caret(13, 4)
        ),
        (
            "train batch=1e400", "ValueError", "option 'batch' takes a whole number but was given inf",
            caret(13, 5)
        ),
        ("train steps=-1e19", "ValueError", "option 'steps' must be at least 1", caret(13, 5)),
        (
            "train every=1e300", "ValueError", "option 'every' must be from 1 to 9223372036854775807",
            caret(13, 5)
        ),
        ("step batch=-1e300", "ValueError", "option 'batch' must be at least 1", caret(12, 6)),
        ("plot loss width=1e19", "ValueError", "option 'width' must be from 20 to 400", caret(17, 4)),
        ("hist grads bins=1e19", "ValueError", "option 'bins' must be from 1 to 200", caret(17, 4)),
        ("data d = circles n=1e19", "ValueError", "option 'n' must be at most 1000000", caret(20, 4)),
        (
            "data d = circles n=-1e400", "ValueError", "option 'n' takes a whole number but was given -inf",
            caret(20, 6)
        ),
        (
            "data d = circles seed=1e19", "ValueError", "option 'seed' must be from 0 to 9223372036854775807",
            caret(23, 4)
        ),
        ("sleep 1e400", "ValueError", "inf is out of range for 'sleep'", "expected a number from 0 to 86400"),
    ]

    func testHugeNumbersAreErrorsThatNameTheRange() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess("seed 3\ndata xor\nnet keep = 2 -> 2 tanh -> 1 sigmoid\ntrain 2"))
        let before = try XCTUnwrap(session.state.nets["keep"]).network.parameters.map(\.scalars)
        for (source, name, value, lastLine) in cases {
            guard let error = session.runExpectingError(source) else { continue }
            XCTAssertEqual(error.name, name, source)
            XCTAssertEqual(error.value, value, source)
            XCTAssertEqual(error.traceback.last, lastLine, source)
            XCTAssertEqual(session.state.netOrder, ["keep"], source)
            XCTAssertEqual(session.state.dataOrder, ["xor"], source)
            XCTAssertEqual(session.state.seed, 3, source)
            XCTAssertEqual(session.state.digits, 4, source)
        }
        XCTAssertEqual(try XCTUnwrap(session.state.nets["keep"]).network.parameters.map(\.scalars), before)
    }

    func testWholeNumberConversion() {
        XCTAssertEqual(WholeNumber.exact(3), 3)
        XCTAssertEqual(WholeNumber.exact(-3, in: -5...5), -3)
        XCTAssertEqual(WholeNumber.exact(9_007_199_254_740_992), 9_007_199_254_740_992)
        for value in [2.5, 1e19, -1e19, 9.223372036854775808e18, .infinity, -.infinity, .nan] {
            XCTAssertNil(WholeNumber.exact(value), "\(value)")
        }
        XCTAssertNil(WholeNumber.exact(18, in: 1...17))
        XCTAssertEqual(WholeNumber.describe(1...17, missedBy: 40), "from 1 to 17")
        XCTAssertEqual(WholeNumber.describe(0...Int.max, missedBy: -1), "from 0")
        XCTAssertEqual(WholeNumber.describe(0...Int.max, missedBy: 1e19), "from 0 to 9223372036854775807")
    }
}

/// The caret line under columns `column..<column+width` of a source line.
private func caret(_ column: Int, _ width: Int) -> String {
    "    " + String(repeating: " ", count: column - 1) + "^" + String(repeating: "~", count: width - 1)
}
