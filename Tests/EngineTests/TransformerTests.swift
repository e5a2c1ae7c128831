import XCTest

@testable import Engine

/// The transformer's modules: attention's known answers, the mask, the spec's rules, the GPT-2
/// parameter count and initialisation, weight tying, sampling a shorter window, and a small
/// GPT learning a sequence it can only predict by attending.
final class TransformerTests: XCTestCase {
    /// q = k = 0 gives equal scores, so each position averages the values it may see: position t
    /// gets the mean of v₀ … v_t, and never a later one.
    func testEqualScoresAverageTheVisiblePositions() throws {
        let positions = 4
        var values: [Double] = []
        for t in 0..<positions { values += [0, 0, Double(10 * (t + 1))] }
        let qkv = try Tensor(shape: [positions, 3], values: values, dtype: .float64)
        let (output, weights) = try qkv.causalSelfAttention(positions: positions, heads: 1)
        XCTAssertEqual(output.scalars, [10, 15, 20, 25])
        let matrix = weights.matrix(sequence: 0, head: 0)
        XCTAssertEqual(matrix[0], [1, 0, 0, 0])
        XCTAssertEqual(matrix[2], [1.0 / 3, 1.0 / 3, 1.0 / 3, 0])
    }

    /// Changing a later position's inputs leaves every earlier output exactly as it was.
    func testTheMaskHidesEveryLaterPosition() throws {
        var random = RandomSource(seed: 3)
        let values = (0..<(5 * 12)).map { _ in random.nextNormal() }
        let qkv = try Tensor(shape: [5, 12], values: values, dtype: .float64)
        let before = try qkv.causalSelfAttention(positions: 5, heads: 2).output.scalars
        var changed = values
        for column in 0..<12 { changed[4 * 12 + column] += 7 }
        let after = try Tensor(shape: [5, 12], values: changed, dtype: .float64)
            .causalSelfAttention(positions: 5, heads: 2).output.scalars
        XCTAssertEqual(Array(before[0..<(4 * 4)]), Array(after[0..<(4 * 4)]))
        XCTAssertNotEqual(Array(before[(4 * 4)...]), Array(after[(4 * 4)...]))
    }

    func testSpecsOfSequenceModelsParsePrintBackAndCountLikeNanoGPT() throws {
        let text =
            "tokens 64 -> embed 128 positions -> block 4 -> block 4 -> block 4 -> block 4 -> layernorm -> 65 softmax tied"
        let spec = try NetworkSpec(parsing: text)
        XCTAssertEqual(spec.description, text)
        XCTAssertTrue(spec.isSequenceModel)
        XCTAssertEqual(spec.rowsPerExample, 64)
        // nanoGPT's count for n_layer 4, n_head 4, n_embd 128, block 64, vocab 65, bias, tied:
        // 4·(12·128² + 13·128) + 65·128 + 64·128 + 2·128 = 793,088 + 8,320 + 8,192 + 256.
        XCTAssertEqual(spec.parameterCount, 809_856)
        var random = RandomSource(seed: 1)
        let network = Network(spec: spec, dtype: .float32, random: &random)
        XCTAssertEqual(network.parameters.map(\.count).reduce(0, +), 809_856)
        XCTAssertTrue(network.parameters.contains { $0.name == "L2.attn.proj.W" })
        XCTAssertTrue(network.parameters.contains { $0.name == "L5.mlp.fc.b" })
    }

    func testSpecMistakesNameTheirLayer() {
        func error(_ text: String) -> NetworkSpecError? {
            do {
                _ = try NetworkSpec(parsing: text)
                return nil
            } catch { return error }
        }
        XCTAssertEqual(
            error("tokens 8 -> embed 12 -> attention 4 -> 5 softmax"), .attentionNeedsPositions(segment: 2))
        XCTAssertEqual(
            error("tokens 8 -> embed 12 positions -> block 5 -> 5 softmax"),
            .headsDoNotDivide(segment: 2, width: 12, heads: 5))
        XCTAssertEqual(
            error("tokens 8 -> embed 12 positions -> 10 relu -> 5 softmax tied"),
            .tiedOutputWidth(segment: 3, width: 10, tableWidth: 12))
        XCTAssertEqual(error("4 -> 3 tied -> 2"), .tiedOutputNotLast(segment: 1))
        XCTAssertEqual(error("4 -> 3 tied"), .tiedOutputWidth(segment: 1, width: 4, tableWidth: nil))
        XCTAssertEqual(
            error("tokens 8 -> embed 4 everywhere -> 5"),
            .expected(token: "everywhere", segment: 1, expected: .positionsOrEnd))
    }

    /// GPT-2's initialisation: tables and maps at a standard deviation of 0.02, the residual
    /// projections at 0.02/√(2L), biases zero, layer norms at gain 1.
    func testInitialisationFollowsGPT2() throws {
        let network = try Network(
            "tokens 16 -> embed 64 positions -> block 4 -> block 4 -> layernorm -> 30 softmax tied",
            dtype: .float64,
            seed: 5)
        func deviation(_ name: String) throws -> Double {
            let values = try network.parameter(named: name).scalars
            return (values.map { $0 * $0 }.reduce(0, +) / Double(values.count)).squareRoot()
        }
        XCTAssertEqual(try deviation("L1.E"), 0.02, accuracy: 0.002)
        XCTAssertEqual(try deviation("L2.attn.W"), 0.02, accuracy: 0.001)
        XCTAssertEqual(try deviation("L2.mlp.proj.W"), 0.02 / 2, accuracy: 0.001)
        XCTAssertEqual(try deviation("L3.attn.proj.W"), 0.02 / 2, accuracy: 0.001)
        XCTAssertEqual(
            try network.parameter(named: "L2.mlp.fc.b").scalars, [Double](repeating: 0, count: 256))
        XCTAssertEqual(
            try network.parameter(named: "L3.ln2.gamma").scalars, [Double](repeating: 1, count: 64))
    }

    /// The tied layer's logits are the dot products with the table's rows, and the table's
    /// gradient sums both of its uses (the same as an untied copy's two gradients added).
    func testATiedOutputReadsAndTrainsTheTokenTable() throws {
        let network = try Network("tokens 3 -> embed 4 positions -> 5 tied", dtype: .float64, seed: 2)
        let inputs: [Double] = [0, 3, 3]
        let logits = try network.logits(for: inputs)
        let table = try network.parameter(named: "L1.E")
        let positions = try network.parameter(named: "L1.P")
        for row in 0..<3 {
            let vector = (0..<4).map { table[Int(inputs[row]), $0] + positions[row, $0] }
            for token in 0..<5 {
                let dot = (0..<4).map { vector[$0] * table[token, $0] }.reduce(0, +)
                XCTAssertEqual(logits[row * 5 + token], dot, accuracy: 1e-15)
            }
        }
        XCTAssertTrue(network.parameters.allSatisfy { $0.name != "L2.W" })
    }

    /// A sequence model reads a window shorter than its context as that shorter sequence: the
    /// padding after it cannot change the logits at its last token.
    func testAShortWindowGivesTheLogitsOfTheShorterSequence() throws {
        let network = try Network(
            "tokens 6 -> embed 8 positions -> block 2 -> 7 softmax tied", dtype: .float64, seed: 9)
        let window = [3, 1, 4]
        let padded = try network.nextTokenLogits(after: window)
        let otherPadding = try network.logits(for: [3, 1, 4, 6, 6, 6])
        XCTAssertEqual(padded, Array(otherPadding[(2 * 7)..<(3 * 7)]))
        var random = RandomSource(seed: 1)
        let drawn = try network.sample(
            after: [2], sampler: TokenSampler(temperature: 1), limit: 10, stop: nil, random: &random)
        XCTAssertEqual(drawn.count, 10)
        XCTAssertEqual(drawn.last?.context.count, 6)
    }

    /// A copy task only attention can solve: the sequence is a random first half repeated, so
    /// each token of the second half is the one half a context earlier. A one-block GPT learns
    /// it (the loss falls far below that of guessing, ln 8) in a few hundred Adam steps.
    func testAOneBlockGPTLearnsToCopyByAttending() throws {
        let network = try Network(
            "tokens 8 -> embed 32 positions -> block 2 -> layernorm -> 8 softmax tied", dtype: .float32,
            seed: 4)
        let trainer = Trainer(
            network: network, loss: Loss(.crossEntropy), optimizer: Adam(learningRate: 1e-2))
        var random = RandomSource(seed: 8)
        var lastLoss = 0.0
        var secondHalf = 0.0
        for _ in 0..<250 {
            var inputs: [Double] = []
            var targets: [Double] = []
            for _ in 0..<16 {
                let half = (0..<4).map { _ in Double(random.nextIndex(below: 8)) }
                let sequence = half + half + [half[0]]
                inputs += sequence[0..<8]
                targets += sequence[1...8]
            }
            lastLoss = try trainer.step(inputs: inputs, targets: targets, rows: 16).loss
            let plan = try network.plan(batchSize: 16, loss: Loss(.crossEntropy))
            let p = plan.output.scalars
            var total = 0.0
            for example in 0..<16 {
                for position in 4..<8 {
                    let row = example * 8 + position
                    total -= Foundation.log(p[row * 8 + Int(targets[row])])
                }
            }
            secondHalf = total / 64
        }
        XCTAssertLessThan(lastLoss, Foundation.log(8.0))
        // The second half is copied: close to certain, while the first half stays a guess.
        XCTAssertLessThan(secondHalf, 0.3, "loss on the copied half")
    }

    /// A GPT's checkpoint names its tensors as nanoGPT's modules do inside their Sequential index,
    /// saves the tied table once, and reads back into another net of the spec exactly.
    func testAGPTCheckpointRoundTripsUnderNanoGPTNames() throws {
        let spec = "tokens 4 -> embed 8 positions -> block 2 -> layernorm -> 5 softmax tied"
        let saved = try Network(spec, dtype: .float64, seed: 1)
        let checkpoint = try NetworkCheckpoint(saved).checkpoint(counts: .init(steps: 3, epochs: 0))
        XCTAssertEqual(
            checkpoint.tensors.map(\.name),
            [
                "0.wte.weight", "0.wpe.weight", "1.ln_1.weight", "1.ln_1.bias", "1.attn.c_attn.weight",
                "1.attn.c_attn.bias", "1.attn.c_proj.weight", "1.attn.c_proj.bias", "1.ln_2.weight",
                "1.ln_2.bias",
                "1.mlp.c_fc.weight", "1.mlp.c_fc.bias", "1.mlp.c_proj.weight", "1.mlp.c_proj.bias",
                "2.weight",
                "2.bias",
            ])
        XCTAssertEqual(checkpoint["1.attn.c_attn.weight"]?.shape, [24, 8])
        let loaded = try Network(spec, dtype: .float64, seed: 2)
        let report = try NetworkCheckpoint(loaded).read(
            SafetensorsFormat.decode(SafetensorsFormat.encode(checkpoint)))
        XCTAssertTrue(report.isComplete)
        XCTAssertEqual(loaded.parameters.map(\.scalars), saved.parameters.map(\.scalars))
        XCTAssertEqual(try loaded.logits(for: [0, 1, 2, 3]), try saved.logits(for: [0, 1, 2, 3]))
    }
}

/// The count model of notebook 9: bigrams of a word list, smoothed.
final class BigramCountTests: XCTestCase {
    /// "ab" and "b" with `.` around each: .a, ab, b., .b, b. — so b is followed by `.` twice.
    func testCountsAndTheSmoothedLossOfATinyWordList() throws {
        let words = ["ab", "b"]
        let vocabulary = WordContexts.vocabulary(of: words)
        let dataset = try WordContexts.dataset(
            name: "pairs", words: words, vocabulary: vocabulary, context: 1, source: "test")
        let counts = try BigramCounts(dataset)
        XCTAssertEqual(vocabulary.symbols, [".", "a", "b"])
        XCTAssertEqual(counts.counts, [[0, 1, 1], [0, 0, 1], [2, 0, 0]])
        XCTAssertEqual(counts.total, 5)
        // Unsmoothed: p(a|.) = p(b|.) = 1/2, p(b|a) = 1, p(.|b) = 1.
        XCTAssertEqual(
            counts.negativeLogLikelihood(smoothing: 0), 2 * Foundation.log(2.0) / 5, accuracy: 1e-15)
        // Add one: p(a|.) = 2/5, p(b|.) = 2/5, p(b|a) = 2/4, p(.|b) = 3/5 (twice).
        let expected = -(2 * Foundation.log(2.0 / 5) + Foundation.log(0.5) + 2 * Foundation.log(3.0 / 5)) / 5
        XCTAssertEqual(counts.negativeLogLikelihood(smoothing: 1), expected, accuracy: 1e-15)
    }
}
