import XCTest

@testable import Engine

/// The embedding lookup, the token-input net around it, and the word-context data it reads.
final class EmbeddingTests: XCTestCase {
    func testALookupCopiesTheRowsOfTheIdsAndSumsTheirGradients() throws {
        let table = try Tensor(
            shape: [3, 2], values: [1, 2, 3, 4, 5, 6], dtype: .float64, requiresGrad: true)
        let ids = try Tensor(shape: [2, 2], values: [2, 0, 2, 2], dtype: .float64)
        let rows = try table.embedding(indices: ids)
        XCTAssertEqual(rows.shape, [2, 2, 2])
        XCTAssertEqual(rows.scalars, [5, 6, 1, 2, 5, 6, 5, 6])
        try rows.sum().backward()
        // Row 2 was read three times, row 0 once, row 1 never.
        XCTAssertEqual(table.grad, [1, 1, 0, 0, 3, 3])
    }

    func testIdsOutsideTheTableAreRefusedAndNeverRead() throws {
        let table = try Tensor(shape: [3, 2], values: [1, 2, 3, 4, 5, 6], dtype: .float64)
        for bad in [3.0, -1, 1.5, .nan] {
            let ids = try Tensor(shape: [1], values: [bad], dtype: .float64)
            XCTAssertThrowsError(try table.embedding(indices: ids)) {
                guard case .notAToken(let value, 3)? = $0 as? EngineError else {
                    return XCTFail("\($0)")
                }
                XCTAssertTrue(value == bad || (value.isNaN && bad.isNaN), "\(value)")
            }
        }
        // Changed in place after the check (as a plan's input leaf is), an id gives NaN, not a crash.
        let ids = try Tensor(shape: [1], values: [1], dtype: .float64)
        let rows = try table.embedding(indices: ids)
        ids[flat: 0] = 7
        Graph(output: rows).forward()
        XCTAssertTrue(rows.scalars.allSatisfy(\.isNaN))
    }

    func testATokenNetReadsTheRowsOfItsTableSideBySide() throws {
        let network = try Network("tokens 2 -> embed 3 -> 4", dtype: .float64, seed: 1)
        XCTAssertEqual(network.spec.vocabularySize, 4)
        XCTAssertEqual(network.parameters.map(\.name), ["L1.E", "L2.W", "L2.b"])
        XCTAssertEqual(network.parameters[0].shape, [4, 3])
        _ = try network.predict([3, 1], rows: 1)
        let table = network.parameters[0].scalars
        XCTAssertEqual(network.lastPlan?.traces[0].output.scalars, Array(table[9..<12] + table[3..<6]))
        XCTAssertThrowsError(try network.predict([4, 0], rows: 1)) {
            XCTAssertEqual($0 as? EngineError, .notAToken(value: 4, vocabularySize: 4))
        }
    }

    /// PyTorch's nn.Embedding draws N(0, 1): the table's moments are near 0 and 1.
    func testTheTableStartsFromAStandardNormal() throws {
        let network = try Network("tokens 1 -> embed 100 -> 100", dtype: .float64, seed: 5)
        let values = network.parameters[0].scalars
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
        XCTAssertEqual(mean, 0, accuracy: 0.03)
        XCTAssertEqual(variance, 1, accuracy: 0.05)
    }

    func testSpecsOfTokenNetsParseAndPrintBack() throws {
        let text = "tokens 3 -> embed 10 -> 200 tanh -> 27 softmax"
        let spec = try NetworkSpec(parsing: text)
        XCTAssertEqual(spec.inputKind, .tokens)
        XCTAssertEqual(spec.layerWidths, [30, 200, 27])
        XCTAssertEqual(spec.description, text)
        XCTAssertThrowsError(try NetworkSpec(parsing: "tokens 3 -> 8 -> 5")) {
            XCTAssertEqual($0 as? NetworkSpecError, .tokensNeedEmbedding)
        }
        XCTAssertThrowsError(try NetworkSpec(parsing: "3 -> embed 4 -> 5")) {
            XCTAssertEqual($0 as? NetworkSpecError, .embeddingNotFirst(segment: 1))
        }
    }

    /// makemore's names.txt examples: `emma` gives five, padded with `.` and ended by `.`.
    func testAWordBecomesOneExamplePerCharacterAndItsEnd() throws {
        let words = WordContexts.words(in: "emma\n  ava \n\n")
        XCTAssertEqual(words, ["emma", "ava"])
        let vocabulary = WordContexts.vocabulary(of: words)
        XCTAssertEqual(vocabulary.symbols, [".", "a", "e", "m", "v"])
        let data = try WordContexts.dataset(
            name: "w", words: words, vocabulary: vocabulary, context: 3, source: "test")
        XCTAssertEqual(data.count, 5 + 4)
        XCTAssertEqual(data.featureNames, ["t-3", "t-2", "t-1"])
        XCTAssertEqual(data.inputs[0..<15], [0, 0, 0, 0, 0, 2, 0, 2, 3, 2, 3, 3, 3, 3, 1])
        XCTAssertEqual(data.targets[0..<5], [2, 3, 3, 1, 0])
        XCTAssertEqual(data.task, .multiclass(classCount: 5))
        XCTAssertEqual(data.inputVocabulary, vocabulary.symbols)
        XCTAssertThrowsError(
            try WordContexts.dataset(
                name: "w", words: ["a.b"], vocabulary: vocabulary, context: 3, source: "test")
        ) {
            XCTAssertEqual($0 as? DataError, .boundaryInWord(source: "test", line: 1, word: "a.b"))
        }
    }

    func testBlanksAndControlCharactersHaveVisibleSymbols() {
        XCTAssertEqual(CharacterVocabulary(of: "b a\n").symbols, ["⏎", "␣", "a", "b"])
    }

    func testSamplingFollowsTemperatureAndTopK() {
        let logits = [1.0, 3, 2, 3]
        let plain = TokenSampler().probabilities(logits: logits)
        let total = plain.reduce(0, +)
        XCTAssertEqual(total, 1, accuracy: 1e-15)
        XCTAssertEqual(plain[1] / plain[0], Foundation.exp(2), accuracy: 1e-12)
        let cool = TokenSampler(temperature: 0.5).probabilities(logits: logits)
        XCTAssertEqual(cool[1] / cool[0], Foundation.exp(4), accuracy: 1e-10)
        // The tie at 3 goes to the lower id.
        XCTAssertEqual(TokenSampler(temperature: 0).probabilities(logits: logits), [0, 1, 0, 0])
        let top2 = TokenSampler(topK: 2).probabilities(logits: logits)
        XCTAssertEqual(top2, [0, 0.5, 0, 0.5])
        var random = RandomSource(seed: 3)
        var counts = [0, 0, 0, 0]
        for _ in 0..<4000 { counts[TokenSampler().draw(from: [0.1, 0.0, 0.6, 0.3], random: &random)] += 1 }
        XCTAssertEqual(counts[1], 0)
        XCTAssertEqual(Double(counts[2]) / 4000, 0.6, accuracy: 0.03)
    }

    func testSamplingAWordStopsAtTheEndMarkAndIsTheSameForASeed() throws {
        let network = try Network("tokens 2 -> embed 3 -> 5 softmax", dtype: .float64, seed: 2)
        func word(_ seed: UInt64) throws -> [Int] {
            var random = RandomSource(seed: seed)
            return try network.sample(
                after: [0, 0], sampler: TokenSampler(), limit: 40, stop: 0, random: &random
            ).map(\.token)
        }
        let first = try word(7)
        XCTAssertEqual(first, try word(7))
        XCTAssertTrue(first.last == 0 || first.count == 40)
        XCTAssertFalse(first.dropLast().contains(0))
    }
}
