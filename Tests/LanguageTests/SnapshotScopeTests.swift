import XCTest

@testable import Language

/// A statement snapshots only the nets it may change (issue 9 §3: `loss mse` copied every
/// parameter of every net first), and what it declares it leaves alone it does leave alone.
final class SnapshotScopeTests: XCTestCase {
    private static let twoNets = """
        data xor
        net a = 2 -> 3 tanh -> 1 sigmoid
        net b = 2 -> 3 tanh -> 1 sigmoid
        optim adam lr=0.1
        train 3
        """

    func testEachStatementSnapshotsOnlyTheNetsItMayChange() throws {
        let session = Session()
        _ = session.runExpectingSuccess(Self.twoNets)
        let cases: [(String, [String])] = [
            ("loss mse", []), ("optim sgd lr=0.1", []), ("use a", []), ("show summary", []),
            ("plot loss", []), ("net c = 2 -> 1", []), ("predict [[0, 1]]", []),
            ("gradcheck", []), ("reset", []), ("2", []),
            ("train 1", ["b"]), ("step", ["b"]), ("forward", ["b"]), ("backward", ["b"]), ("update", ["b"]),
            ("set a.L1.W = 1", ["a"]), ("set b.L2.b = [0]", ["b"]), ("freeze a.L1", ["a"]),
            ("unfreeze a", ["a"]), ("load a \"a.safetensors\"", ["a"]),
            // A name that is no net fails before it changes anything; the current net is covered.
            ("freeze nosuch.L1", ["b"]),
        ]
        for (source, expected) in cases {
            let statement = try XCTUnwrap(Parser.parse(source).statements.first, source)
            XCTAssertEqual(statement.netsItMayChange(in: session.state), expected, source)
        }
    }

    /// The commands declared as changing no net object leave every parameter, gradient and
    /// optimizer state as it was, so skipping their snapshot loses nothing.
    func testCommandsThatChangeNoNetLeaveEveryTensorAlone() throws {
        let session = Session()
        _ = session.runExpectingSuccess(Self.twoNets)
        func tensors() -> [[Double]] {
            session.state.netOrder.flatMap { name in
                session.state.nets[name]!.network.parameters.flatMap { [$0.scalars, $0.grad ?? []] }
            }
        }
        let before = tensors()
        for source in [
            "predict [[0, 1], [1, 1]]", "forward", "forward [[1, 0]]", "gradcheck", "gradcheck a",
            "show weights a", "hist grads", "net c = 2 -> 2 relu -> 1", "use b", "loss bce",
        ] {
            _ = session.runExpectingSuccess(source)
            XCTAssertEqual(tensors().prefix(before.count).map { $0 }, before, source)
        }
    }
}
