import Engine
import Foundation
import XCTest

@testable import Language

/// Word lists as data, token nets, and `sample`, through a session as a notebook runs them.
final class LanguageModelTests: XCTestCase {
    private var directory: URL!
    private var names: String { directory.appendingPathComponent("names.txt").path }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("bp-lm-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let words = [
            "emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia", "harper", "evelyn", "abigail",
            "emily", "ella", "elizabeth", "camila", "luna", "sofia", "avery", "mila", "aria", "scarlett",
        ]
        try words.joined(separator: "\n").write(toFile: names, atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func testAWordListBecomesNextCharacterExamplesSplitBetweenWords() throws {
        let session = Session()
        _ = session.runExpectingSuccess("data names = words \"\(names)\" context=2 split=0.8 seed=3")
        let record = try XCTUnwrap(session.state.datasets["names"])
        let validation = try XCTUnwrap(record.validation)
        let vocabulary = try XCTUnwrap(record.training.vocabulary?.symbols)
        XCTAssertEqual(vocabulary.first, ".")
        XCTAssertEqual(validation.vocabulary?.symbols, vocabulary)
        XCTAssertEqual(record.training.featureNames, ["t-2", "t-1"])
        // 20 words, 16 for training: every word's characters and its end are examples, and the
        // parts hold whole words (each part has exactly as many end marks as words).
        let ends = { (data: Dataset) in data.targets.filter { $0 == 0 }.count }
        XCTAssertEqual(ends(record.training), 16)
        XCTAssertEqual(ends(validation), 4)
        let characters = try String(contentsOfFile: names, encoding: .utf8).filter(\.isLetter).count
        XCTAssertEqual(record.training.count + validation.count, characters + 20)
    }

    func testATokenNetTrainsAndSamplesTheSameWordsForASeed() throws {
        let session = Session()
        let setup = """
            data names = words "\(names)" context=3
            net lm = tokens 3 -> embed 4 -> 32 tanh -> \(try vocabularySize()) softmax
            optim adam lr=0.01
            train steps=300 batch=16
            """
        _ = session.runExpectingSuccess(setup)
        let record = try XCTUnwrap(session.state.nets["lm"])
        let first = try XCTUnwrap(record.history.records.first?.loss)
        let last = try XCTUnwrap(record.history.records.last?.loss)
        XCTAssertLessThan(last, first - 0.5, "the loss falls from \(first)")
        let weights = record.network.parameters.map(\.scalars)
        func sample(_ source: String) -> [String] {
            let output = RecordingOutput()
            _ = session.runExpectingSuccess(source, output: output)
            return output.shown.map(\.plain)
        }
        let once = sample("sample 5 seed=11")
        XCTAssertEqual(once, sample("sample lm 5 seed=11"))
        XCTAssertNotEqual(once, sample("sample 5 seed=12"))
        XCTAssertEqual(once.count, 2)
        XCTAssertTrue(once[0].hasPrefix("samples of lm (temperature 1, seed 11)"), once[0])
        XCTAssertTrue(once[1].hasPrefix("how sample 1 was drawn"), once[1])
        // Greedy decoding draws the likeliest character every time: each listed p is the largest.
        let greedy = sample("sample 2 temperature=0 prompt=\"em\"")
        XCTAssertTrue(greedy[0].contains("greedy"), greedy[0])
        let rows = greedy[0].split(separator: "\n").dropFirst(3).prefix(2)
        XCTAssertEqual(
            Set(rows.map { $0.split(separator: " ", omittingEmptySubsequences: true)[1] }).count, 1)
        XCTAssertTrue(rows.allSatisfy { $0.split(separator: " ")[1].hasPrefix("em") }, "\(rows)")
        // Sampling reads the net and changes nothing in it.
        XCTAssertEqual(try XCTUnwrap(session.state.nets["lm"]).network.parameters.map(\.scalars), weights)
    }

    func testSampleAndTokenNetMistakesSayWhatWouldBeRight() throws {
        let session = Session()
        _ = session.runExpectingSuccess(
            "data names = words \"\(names)\" context=3\nnet xor = 2 -> 2 tanh -> 1")
        XCTAssertEqual(
            session.runExpectingError("sample 3")?.value,
            "net 'xor' does not read tokens, so it has nothing to sample")
        XCTAssertEqual(
            session.runExpectingError("train steps=1")?.value,
            "net 'xor' reads real-valued features but data set 'names' holds token ids")
        let size = try vocabularySize()
        _ = session.runExpectingSuccess("net lm = tokens 3 -> embed 2 -> \(size) softmax")
        XCTAssertEqual(
            session.runExpectingError("sample 3 prompt=\"Q\"")?.value,
            "the prompt's character 'Q' is not in the vocabulary")
        XCTAssertEqual(
            session.runExpectingError("sample 3 temperature=-1")?.value,
            "temperature must be a number from 0 (greedy) to 100")
        _ = session.runExpectingSuccess("net small = tokens 3 -> embed 2 -> 5 softmax")
        XCTAssertEqual(
            session.runExpectingError("sample 3")?.value,
            "net 'small' predicts 5 tokens but data set 'names' has a vocabulary of \(size)")
        XCTAssertEqual(
            session.runExpectingError("data w = words \"\(directory.path)/none.txt\"")?.name, "FileError")
        XCTAssertEqual(
            session.runExpectingError("data w = words \"\(names)\" context=0")?.name, "ValueError")
        XCTAssertNil(session.state.datasets["w"])
    }

    /// Running text keeps its first part for training and its end for validation; a passage
    /// continues the prompt for N characters.
    func testRunningTextSplitsInOrderAndSamplesAPassage() throws {
        let file = directory.appendingPathComponent("play.txt").path
        let play = String(
            repeating: "ROMEO:\nBut soft, what light through yonder window breaks?\n", count: 20)
        try play.write(toFile: file, atomically: true, encoding: .utf8)
        let session = Session()
        _ = session.runExpectingSuccess("data play = text \"\(file)\" context=4 split=0.9")
        let record = try XCTUnwrap(session.state.datasets["play"])
        let validation = try XCTUnwrap(record.validation)
        let training = Int((Double(play.count) * 0.9).rounded())
        XCTAssertEqual(record.training.count, training - 4)
        XCTAssertEqual(validation.count, play.count - training - 4)
        XCTAssertNil(record.training.vocabulary?.wordEnd)
        let size = try XCTUnwrap(record.training.vocabulary?.count)
        _ = session.runExpectingSuccess(
            "net lm = tokens 4 -> embed 4 -> 32 tanh -> \(size) softmax\noptim adam lr=0.01\ntrain steps=200 batch=16"
        )
        let output = RecordingOutput()
        _ = session.runExpectingSuccess("sample 40 prompt=\"ROMEO:\" seed=2", output: output)
        let passage = try XCTUnwrap(output.shown.first?.plain)
        let lines = passage.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines[0], "samples of lm (temperature 1, seed 2)")
        // Title, rule, the passage (lines of its own), rule, −log p.
        let text = lines.dropFirst(2).dropLast(2).joined(separator: "\n")
        XCTAssertTrue(lines.last?.hasPrefix("−log p per drawn character: ") ?? false, passage)
        XCTAssertTrue(text.hasPrefix("ROMEO:"), text)
        XCTAssertEqual(text.count, "ROMEO:".count + 40)
        XCTAssertTrue(output.shown[1].plain.hasPrefix("how its first 20 characters were drawn"))
        XCTAssertEqual(
            session.runExpectingError("sample 40 length=3")?.value,
            "length= is for word lists; a passage of text is N characters long")
    }

    /// `vocab=OTHER` reads a second text in the first one's ids, so a net trained on one goes on
    /// with the other; a character outside it, a word list and a set that is not text are refused.
    func testATextCanShareAnotherTextsVocabulary() throws {
        let play = directory.appendingPathComponent("play.txt").path
        try String(repeating: "ROMEO:\nBut soft, what light through yonder window breaks?\n", count: 5)
            .write(toFile: play, atomically: true, encoding: .utf8)
        let short = directory.appendingPathComponent("short.txt").path
        try "But soft:\nwhat light?\n".write(toFile: short, atomically: true, encoding: .utf8)
        let session = Session()
        _ = session.runExpectingSuccess("data play = text \"\(play)\" context=4\ndata xor")
        _ = session.runExpectingSuccess("data more = text \"\(short)\" context=4 vocab=play")
        let vocabulary = try XCTUnwrap(session.state.datasets["play"]?.training.vocabulary)
        let more = try XCTUnwrap(session.state.datasets["more"]?.training)
        XCTAssertEqual(more.vocabulary, vocabulary)
        XCTAssertEqual(more.classNames.count, vocabulary.count)
        // "But " in play's ids, not in the ids of the short text's own 15 characters.
        XCTAssertEqual(
            Array(more.inputs.prefix(4)), "But ".map { Double(vocabulary.id(of: $0)!) })
        XCTAssertTrue(more.source.hasSuffix("vocab=play"), more.source)

        let other = directory.appendingPathComponent("other.txt").path
        try "But soft!\nwhat light?\n".write(toFile: other, atomically: true, encoding: .utf8)
        let error = try XCTUnwrap(
            session.runExpectingError("data x = text \"\(other)\" context=4 vocab=play"))
        XCTAssertEqual(
            error.value,
            "line 1 of the file has '!', which is not in the vocabulary of 'play' (\(vocabulary.count) characters)"
        )
        XCTAssertEqual(
            session.runExpectingError("data x = text \"\(short)\" context=4 vocab=xor")?.value,
            "data set 'xor' is not running text, so it has no text vocabulary to share")
        XCTAssertEqual(
            session.runExpectingError("data x = words \"\(names)\" context=4 vocab=play")?.value,
            "vocab= is for running text: a word list's vocabulary starts with its '.' boundary")
        XCTAssertEqual(
            session.runExpectingError("data x = text \"\(short)\" context=4 vocab=nope")?.name, "NameError")
        XCTAssertNil(session.state.datasets["x"])
    }

    /// `gpt dropout=P` puts nanoGPT's dropout where nanoGPT does: a layer after the embeddings
    /// and P inside every block; the summary says so; a probability outside [0, 1) is refused.
    func testAGPTTakesNanoGPTsDropout() throws {
        let play = directory.appendingPathComponent("play.txt").path
        try String(repeating: "ROMEO:\nBut soft, what light through yonder window breaks?\n", count: 5)
            .write(toFile: play, atomically: true, encoding: .utf8)
        let session = Session()
        _ = session.runExpectingSuccess("data play = text \"\(play)\" context=8")
        let size = try XCTUnwrap(session.state.datasets["play"]?.training.vocabulary?.count)
        _ = session.runExpectingSuccess("net lm = gpt vocab=play layers=2 heads=2 dim=16 dropout=0.2")
        XCTAssertEqual(
            try XCTUnwrap(session.state.nets["lm"]).network.spec.description,
            "tokens 8 -> embed 16 positions -> dropout 0.2 -> block 2 dropout 0.2 -> block 2 dropout 0.2 "
                + "-> layernorm -> \(size) softmax tied")
        let output = RecordingOutput()
        _ = session.runExpectingSuccess("show summary", output: output)
        let summary = try XCTUnwrap(output.shown.first?.plain)
        XCTAssertTrue(summary.contains("Block, 2 heads, dropout 0.2"), summary)
        _ = session.runExpectingSuccess("optim adamw lr=0.01\ntrain steps=5 batch=4")
        _ = session.runExpectingSuccess("net plain = gpt vocab=play layers=2 heads=2 dim=16")
        XCTAssertFalse(try XCTUnwrap(session.state.nets["plain"]).network.hasModeDependentLayers)
        for bad in ["1", "-0.1"] {
            let error = try XCTUnwrap(session.runExpectingError("net x = gpt vocab=play dropout=\(bad)"))
            XCTAssertEqual(error.value, "dropout must be from 0 up to (not including) 1", bad)
        }
        XCTAssertNil(session.state.nets["x"])
    }

    /// A language model on a long text logs losses measured on 131,072 positions of each set
    /// unless `eval=` says otherwise (every window at every position of tiny Shakespeare would
    /// take tens of minutes a log), and a measurement in many passes counts the same as one.
    func testALongTextIsMeasuredOnASampleAndInPasses() throws {
        let play = directory.appendingPathComponent("play.txt").path
        try String(repeating: "ROMEO:\nBut soft, what light through yonder window breaks?\n", count: 70)
            .write(toFile: play, atomically: true, encoding: .utf8)
        let session = Session()
        _ = session.runExpectingSuccess(
            "data play = text \"\(play)\" context=64\ndtype f64\nnet lm = gpt vocab=play layers=1 heads=1 dim=8"
        )
        let training = try XCTUnwrap(session.state.datasets["play"]?.training)
        XCTAssertGreaterThan(training.count * 64, EvaluationSample.defaultPositions)
        let output = RecordingOutput()
        _ = session.runExpectingSuccess("train steps=1 batch=2", output: output)
        let shown = output.shown.map(\.plain).joined(separator: "\n")
        XCTAssertTrue(shown.contains("2048 of \(training.count) training examples"), shown)
        // The first run's last log measured 2,048 windows of 64 positions in 16 passes of 8,192
        // rows; one plan of them all agrees.
        let record = try XCTUnwrap(session.state.nets["lm"])
        let logged = try XCTUnwrap(record.history.records.first { $0.step == 1 })
        let sample = try EvaluationSample.sample(training, limit: 2048)
        XCTAssertEqual(Metrics.chunks(of: sample.count, rowsPerExample: 64).count, 16)
        let targets = try sample.nextTokenTargets()
        let plan = try record.network.plan(batchSize: sample.count, loss: record.loss)
        try plan.load(inputs: sample.inputs)
        try plan.load(targets: targets)
        plan.runForward(training: false, random: &record.network.random)
        let predicted = Metrics.predictedClasses(record, outputs: plan.output.scalars, rows: targets.count)
        let correct = zip(predicted, targets).filter { Double($0) == $1 }.count
        XCTAssertEqual(logged.accuracy, Double(correct) / Double(targets.count))
        XCTAssertEqual(logged.loss, plan.lossNode.item, accuracy: 1e-12)

        let eval = RecordingOutput()
        _ = session.runExpectingSuccess("train steps=1 batch=2 eval=100", output: eval)
        XCTAssertTrue(
            eval.shown.map(\.plain).joined().contains("100 of \(training.count) training examples"))
    }

    func testShowEmbeddingsDrawsEachTokenOnThePrincipalComponents() throws {
        let session = Session()
        _ = session.runExpectingSuccess(
            "data names = words \"\(names)\" context=2\nnet lm = tokens 2 -> embed 4 -> \(try vocabularySize()) softmax"
        )
        let output = RecordingOutput()
        _ = session.runExpectingSuccess("show embeddings", output: output)
        let chart = try XCTUnwrap(output.shown.first?.plain)
        XCTAssertTrue(
            chart.hasPrefix("lm.L1.E: \(try vocabularySize()) tokens × 4, on its two principal components"))
        let plot = chart.split(separator: "\n").dropFirst().prefix { !$0.contains("└") }.joined()
        for token in ["a", "e", "m", "."] { XCTAssertTrue(plot.contains(token), token) }
        XCTAssertTrue(chart.contains("x: PC1 ("), chart)
        _ = session.runExpectingSuccess("net plain = 2 -> 1")
        XCTAssertEqual(
            session.runExpectingError("show embeddings")?.value, "net 'plain' has no embedding to show")
    }

    private func vocabularySize() throws -> Int {
        let text = try String(contentsOfFile: names, encoding: .utf8)
        return Set(text.filter(\.isLetter)).count + 1
    }
}
