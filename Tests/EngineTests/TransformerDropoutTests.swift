import XCTest

@testable import Engine

/// Dropout inside a GPT, where nanoGPT puts it: after the embeddings (a `dropout P` layer), on
/// the attention weights, and on each block's two branches before their residual adds.
final class TransformerDropoutTests: XCTestCase {
    private let plain = "tokens 5 -> embed 8 positions -> block 2 -> block 2 -> layernorm -> 6 softmax tied"
    private let dropped =
        "tokens 5 -> embed 8 positions -> dropout 0.1 -> block 2 dropout 0.25 -> block 2 dropout 0.25 -> layernorm -> 6 softmax tied"

    private func tokens(examples: Int, seed: UInt64 = 2) -> [Double] {
        var random = RandomSource(seed: seed)
        return (0..<(examples * 5)).map { _ in Double(random.nextIndex(below: 6)) }
    }

    func testTheSpecReadsAndPrintsABlocksDropout() throws {
        let spec = try NetworkSpec(parsing: dropped)
        XCTAssertEqual(spec.description, dropped)
        XCTAssertEqual(spec.layers[1], .dropout(probability: 0.1))
        XCTAssertEqual(spec.layers[2], .transformerBlock(heads: 2, dropout: 0.25))
        XCTAssertEqual(
            try NetworkSpec(parsing: "tokens 4 -> embed 8 positions -> attention 2 dropout 0.5 -> 6 softmax")
                .layers[1],
            .attention(heads: 2, dropout: 0.5))
        // Dropout adds no parameters.
        XCTAssertEqual(spec.parameterCount, try NetworkSpec(parsing: plain).parameterCount)

        func error(_ block: String) -> NetworkSpecError? {
            do {
                _ = try NetworkSpec(parsing: "tokens 4 -> embed 8 positions -> \(block) -> 6 softmax")
                return nil
            } catch { return error }
        }
        XCTAssertEqual(error("block 2 dropout"), .expected(token: "", segment: 2, expected: .probability))
        XCTAssertEqual(error("block 2 dropout 1"), .expected(token: "1", segment: 2, expected: .probability))
        XCTAssertEqual(
            error("block 2 drop 0.1"), .expected(token: "drop", segment: 2, expected: .dropoutOrEnd))
        XCTAssertEqual(
            error("block 2 dropout 0.1 more"), .expected(token: "more", segment: 2, expected: .end))
    }

    /// One mask after the embeddings, then three a block (the attention weights `[B·H·T, T]`,
    /// the attention's branch and the MLP's branch `[B·T, C]`); the plan's memory counts them
    /// and the dropped attention weights.
    func testAPlanHoldsEachMaskWhereNanoGPTDropsOut() throws {
        let network = try Network(dropped, dtype: .float64, seed: 1)
        XCTAssertTrue(network.hasModeDependentLayers)
        XCTAssertFalse(try Network(plain, dtype: .float64, seed: 1).hasModeDependentLayers)
        let plan = try network.plan(batchSize: 3, loss: Loss(.crossEntropy))
        let masks = plan.traces.flatMap(\.masks)
        XCTAssertEqual(
            masks.map(\.tensor.shape),
            [[15, 8]] + [[30, 5], [15, 8], [15, 8]] + [[30, 5], [15, 8], [15, 8]])
        XCTAssertEqual(masks.map(\.probability), [0.1] + [Double](repeating: 0.25, count: 6))
        let plainPlan = try Network(plain, dtype: .float64, seed: 1).plan(
            batchSize: 3, loss: Loss(.crossEntropy))
        // The masks' 900 values, each block's 150 dropped attention weights, and the five
        // products by a mask with their gradients.
        let extra = 900 + 2 * 150 + 5 * 15 * 8 * 2
        XCTAssertEqual(plan.byteCount - plainPlan.byteCount, extra * 8)
    }

    /// The same seed draws the same weights (a dropout layer draws none), so in evaluation the
    /// net with dropout computes exactly what the net without it does; in training it differs,
    /// and the same generator state gives the same masks again.
    func testEvaluationIgnoresDropoutAndTrainingDrawsReproducibleMasks() throws {
        let inputs = tokens(examples: 3)
        let withDropout = try Network(dropped, dtype: .float64, seed: 4)
        let without = try Network(plain, dtype: .float64, seed: 4)
        XCTAssertEqual(withDropout.parameters.map(\.scalars), without.parameters.map(\.scalars))
        let evaluated = try withDropout.predict(inputs, rows: 3)
        XCTAssertEqual(evaluated, try without.predict(inputs, rows: 3))

        let state = withDropout.random
        let trained = try withDropout.predict(inputs, rows: 3, training: true)
        XCTAssertNotEqual(trained, evaluated)
        withDropout.random = state
        XCTAssertEqual(try withDropout.predict(inputs, rows: 3, training: true), trained)
    }

    /// y = (P ⊙ M)·v with the weights P still those of the softmax (what `show attention` shows).
    func testAttentionDropoutMultipliesTheWeightsBeforeTheValues() throws {
        let positions = 4
        var random = RandomSource(seed: 9)
        let values = (0..<(positions * 3)).map { _ in random.nextUniform(in: -1, 1) }
        let qkv = try Tensor(shape: [positions, 3], values: values, dtype: .float64)
        let (output, weights, masks) = try qkv.causalSelfAttention(
            positions: positions, heads: 1, dropout: 0.5)
        let mask = try XCTUnwrap(masks.first).tensor
        let pattern: [Double] = (0..<16).map { $0 % 3 == 0 ? 0 : 2 }
        mask.storage.load(pattern)
        Graph(output: output).forward()
        let p = weights.matrix(sequence: 0, head: 0)
        for i in 0..<positions {
            XCTAssertEqual(p[i].reduce(0, +), 1, accuracy: 1e-15)
            let expected = (0...i).reduce(0.0) {
                $0 + p[i][$1] * pattern[i * positions + $1] * values[$1 * 3 + 2]
            }
            XCTAssertEqual(output.scalars[i], expected, accuracy: 1e-15)
        }
    }

    /// The trainer's step with dropout: training lowers the loss of a small GPT that must copy
    /// (dropout slows it, never breaks it), and two runs from one seed give the same bits.
    func testTrainingWithDropoutIsReproducibleAndLearns() throws {
        let examples = 8
        let inputs = tokens(examples: examples, seed: 6)
        let data = try Samples(inputs: inputs, targets: inputs, count: examples)
        func run() throws -> [Double] {
            let trainer = Trainer(
                network: try Network(dropped, dtype: .float64, seed: 3), loss: Loss(.crossEntropy),
                optimizer: Adam(learningRate: 0.01), seed: 5)
            var losses: [Double] = []
            _ = try trainer.run(
                on: data, TrainingOptions(length: .steps(60), batchSize: examples, shuffle: true),
                onStep: { report in
                    losses.append(report.metrics.loss)
                    return .proceed
                })
            return losses
        }
        let first = try run()
        XCTAssertEqual(first, try run())
        XCTAssertLessThan(first.suffix(5).reduce(0, +), first.prefix(5).reduce(0, +) / 2)
    }
}
