import XCTest

@testable import Language

/// The language's one rule for error kinds, checked on a mistake of every category:
/// a word the language or the session does not know (a command, option, net, data set,
/// layer, parameter, loss, optimizer, activation, topic, metric, unit) is a NameError; a
/// value of the wrong type or outside its range or choices is a ValueError; text that
/// does not parse is a SyntaxError; sizes that do not fit are a ShapeError; a file that
/// cannot be read or written is a FileError.
final class ErrorKindTests: XCTestCase {
    private let setUp = "data xor\nnet x = 2 -> 2 tanh -> 1 sigmoid"

    private let cases: [(statement: String, kind: DiagnosticKind)] = [
        ("trian 3", .nameError),
        ("train 3 foo=1", .nameError),
        ("optim adam momentum=0.9", .nameError),
        ("use nosuch", .nameError),
        ("show weights nosuch", .nameError),
        ("x.L9.W", .nameError),
        ("x.L1.Q", .nameError),
        ("train on nosuch", .nameError),
        ("loss foo", .nameError),
        ("optim foo", .nameError),
        ("show foo", .nameError),
        ("dtype f16", .nameError),
        ("train until=foo<1", .nameError),
        ("memory 3 XB", .nameError),
        ("net z = 2 -> 3 foo -> 1", .nameError),
        ("data q = nosuchset", .nameError),
        ("lrfind nosuch", .nameError),
        ("plot hist nosuch grads", .nameError),
        ("parallel nosuch", .nameError),
        ("memory zero nosuch", .nameError),
        ("parallel workers=0", .valueError),
        ("parallel workers=5", .valueError),
        ("parallel [1]", .syntaxError),
        ("train workers=0", .valueError),
        ("train workers=5", .valueError),
        ("plot loss log=maybe", .valueError),
        ("hist weights layout=diag", .valueError),
        ("train 0", .valueError),
        ("digits 40", .valueError),
        ("train batch=0", .valueError),
        ("train batch=1.5", .valueError),
        ("optim sgd lr=-1", .valueError),
        ("set x.L2.b = [1e400]", .valueError),
        ("lrfind steps=0", .valueError),
        ("plot landscape dims=3", .valueError),
        ("export landscape \"f.txt\"", .valueError),
        ("net y = 2 -> tanh", .syntaxError),
        ("print [1, 2", .syntaxError),
        ("train on xor 3", .syntaxError),
        ("train 3 batch=2 batch=3", .syntaxError),
        ("show vars x", .syntaxError),
        ("plot landscape x x", .syntaxError),
        ("lrfind 3", .syntaxError),
        ("set x.L1.W = [[1, 2]]", .shapeError),
        ("net w = 3 -> 1\ntrain", .shapeError),
        ("net w = 3 -> 1\nlrfind", .shapeError),
        ("net w = 3 -> 1\nplot landscape", .shapeError),
        ("load x \"/nonexistent/file.safetensors\"", .fileError),
    ]

    func testEveryCategoryOfMistakeHasItsKind() throws {
        for (statement, kind) in cases {
            let session = Session()
            XCTAssertNil(session.runExpectingSuccess(setUp))
            let error = try XCTUnwrap(session.runExpectingError(statement), statement)
            XCTAssertEqual(error.name, kind.rawValue, "\(statement): \(error.value)")
        }
    }

    /// Every kind but Interrupted (which no statement causes by itself) is met above.
    func testTheCasesCoverEveryKind() {
        let covered = Set(cases.map(\.kind))
        XCTAssertEqual(covered, Set(DiagnosticKind.allCases).subtracting([.interrupted]))
    }
}
