import XCTest

@testable import Engine

/// Graphs far deeper than the stack: sorting, backward and releasing them are loops, not
/// recursion. Releasing a chain of 100,000 ops used to recurse once per node (each node's
/// deinit released its inputs) and overflow the stack, so `reset` after training a net of
/// ~20,000 layers killed the kernel.
final class DeepGraphTests: XCTestCase {
    private static let depth = 100_000

    /// x → tanh → tanh → ... → sum, `depth` ops long.
    private func chain(from leaf: Tensor) throws -> Tensor {
        var node = leaf
        for _ in 0..<Self.depth { node = node.tanh() }
        return try node.sum()
    }

    func testAVeryDeepChainSortsBackpropagatesAndIsReleased() throws {
        let leaf = try Tensor(shape: [2], values: [0.5, -0.25], dtype: .float64, requiresGrad: true)
        weak var weakOutput: Tensor?
        do {
            let output = try chain(from: leaf)
            weakOutput = output
            let graph = Graph(output: output)
            XCTAssertEqual(graph.backwardOrder.count, Self.depth + 2)
            try graph.backward()
            // tanh⁽ⁿ⁾(x) shrinks like sqrt(3/(2n)), so the gradient is small but not zero.
            let gradient = try XCTUnwrap(leaf.grad)
            XCTAssertTrue(gradient.allSatisfy { $0 > 0 && $0 < 1 }, "\(gradient)")
        }
        XCTAssertNil(weakOutput, "the graph should have been released")
        // The leaf the chain started from survives it, with its gradient.
        XCTAssertEqual(leaf.scalars, [0.5, -0.25])
        XCTAssertNotNil(leaf.grad)
    }

    func testReleasingADeepChainKeepsNodesHeldElsewhere() throws {
        let leaf = try Tensor(shape: [1], values: [1], dtype: .float64)
        var kept: Tensor?
        do {
            var node = leaf
            for step in 0..<Self.depth {
                node = node.tanh()
                if step == Self.depth / 2 { kept = node }
            }
        }
        // The middle node keeps its own inputs: its value can still be recomputed from them.
        let middle = try XCTUnwrap(kept)
        let graph = Graph(output: middle)
        XCTAssertEqual(graph.order.count, Self.depth / 2 + 2)
        graph.forward()
        XCTAssertEqual(middle.item, middle.scalars[0])
        kept = nil
    }

    func testADeepNetworkIsReleased() throws {
        let layers = String(repeating: " -> 1 tanh", count: 20_000)
        let spec = try NetworkSpec(parsing: "1" + layers)
        var random = RandomSource(seed: 1)
        weak var weakNetwork: Network?
        do {
            let network = Network(spec: spec, dtype: .float32, initializer: .pytorchDefault, random: &random)
            weakNetwork = network
            XCTAssertEqual(try network.predict([0.5], rows: 1).count, 1)
        }
        XCTAssertNil(weakNetwork)
    }
}
