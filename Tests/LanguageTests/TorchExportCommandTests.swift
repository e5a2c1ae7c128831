import Engine
import Foundation
import XCTest

@testable import Language

/// `export torch NET "DIR"` through the session: the folder's first batch is the one `train`
/// would take next, the session is left as it was, and every refusal says what would be right.
final class TorchExportCommandTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String = "run") -> String { directory.appendingPathComponent(name).path }

    private func configuration(_ name: String = "run") throws -> [String: Any] {
        let data = try Data(
            contentsOf: URL(fileURLWithPath: path(name)).appendingPathComponent("train_config.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func order(_ name: String = "run") throws -> [Double] {
        let rows = try SafetensorsFile.read(
            from: URL(fileURLWithPath: path(name)).appendingPathComponent("data.safetensors"))
        return try XCTUnwrap(rows["order"]).values
    }

    func testTheEpochInProgressGoesOnInItsOrder() throws {
        let session = Session()
        let output = RecordingOutput()
        _ = session.runExpectingSuccess(
            "seed 4\ndata ring = circles n=10\nnet a = 2 -> 3 tanh -> 1 sigmoid\ntrain steps=1 batch=4\n"
                + "export torch a \"\(path())\" batch=4", output: output)
        XCTAssertTrue(output.stdout.hasPrefix("exported net 'a' to \(path()): model.py, model.safetensors"))
        XCTAssertTrue(
            output.stdout.contains(
                "torchrun --standalone --nproc_per_node=2 \(path())/train_ddp.py --steps 3"))
        let record = try XCTUnwrap(session.state.nets["a"])
        let cursor = try XCTUnwrap(record.cursor(on: "ring"))
        XCTAssertEqual(try order(), cursor.order.map(Double.init))
        let config = try configuration()
        let place = try XCTUnwrap(config["cursor"] as? [String: Any])
        XCTAssertEqual(place["position"] as? Int, 4)
        XCTAssertEqual(place["step"] as? Int, 1)
        XCTAssertEqual(place["generator"] as? [String], session.state.random.stateWords.map { String($0) })
    }

    func testANewEpochIsTheOrderTrainWouldDrawAndTheGeneratorIsUntouched() throws {
        let session = Session()
        _ = session.runExpectingSuccess("seed 4\ndata xor\nnet a = 2 -> 3 tanh -> 1 sigmoid")
        let before = session.state.random
        _ = session.runExpectingSuccess("export torch a \"\(path())\" batch=2")
        XCTAssertEqual(session.state.random.stateWords, before.stateWords)
        var copy = before
        XCTAssertEqual(try order(), copy.permutation(4).map(Double.init))
        // The config's generator is where train's would be after drawing that order.
        let place = try XCTUnwrap(try configuration()["cursor"] as? [String: Any])
        XCTAssertEqual(place["generator"] as? [String], copy.stateWords.map { String($0) })

        _ = session.runExpectingSuccess("export torch a \"\(path("in order"))\" shuffle=false")
        XCTAssertEqual(try order("in order"), [0, 1, 2, 3])
        XCTAssertEqual(try configuration("in order")["shuffle"] as? Bool, false)
        XCTAssertEqual(try configuration("in order")["batch_size"] as? Int, 4)
    }

    func testADataSetPastTheBudgetIsRefusedBeforeAnythingIsWritten() throws {
        let session = Session()
        _ = session.runExpectingSuccess("data big = linear n=40000\nnet n = 1 -> 1\nmemory 1 MB")
        let error = try XCTUnwrap(session.runExpectingError("export torch n \"\(path())\""))
        XCTAssertEqual(error.name, "ValueError")
        XCTAssertTrue(error.value.hasPrefix("'export' needs about 960 KB of memory"), error.value)
        XCTAssertTrue(
            error.traceback.contains("640 KB: the training rows copied: 40000 rows × 2 values × 8 bytes"),
            error.traceback.joined(separator: "\n"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path()))
    }

    func testRefusalsSayWhatWouldBeRight() throws {
        let session = Session()
        _ = session.runExpectingSuccess(
            "data xor\nnet a = 2 -> 3 tanh -> 1 sigmoid\nnet p = perceptron 2\nuse a")
        try Data("mine".utf8).write(to: URL(fileURLWithPath: path("taken")))
        try FileManager.default.createDirectory(atPath: path("notes"), withIntermediateDirectories: false)
        try Data("keep".utf8).write(
            to: URL(fileURLWithPath: path("notes")).appendingPathComponent("notes.txt"))
        let cases: [(String, String, String)] = [
            (
                "optim sgd momentum=0.9 dampening=0.1 nesterov=true\nexport torch a \"\(path())\"",
                "ValueError",
                "torch.optim.SGD takes nesterov only with momentum > 0 and dampening 0, and this net's SGD has momentum 0.9 and dampening 0.1"
            ),
            (
                "export torch p \"\(path())\"", "ValueError",
                "net 'p' learns by the perceptron rule, which torch.optim has no counterpart for"
            ),
            (
                "export torch a \"\(path("none/run"))\"", "FileError",
                "the folder \(path("none")) does not exist; make it first, or export into an existing folder"
            ),
            (
                "export torch a \"\(path("taken"))\"", "FileError",
                "\(path("taken")) is a file, not a folder; give export torch a folder name"
            ),
            (
                "export torch a \"\(path("notes"))\"", "FileError",
                "\(path("notes")) holds files export torch did not write (notes.txt), which replacing it would delete; give a new or empty folder"
            ),
            ("export torch a", "SyntaxError", "export torch takes a net and a folder"),
            ("export torch b \"\(path())\"", "NameError", "unknown net 'b'"),
        ]
        for (source, name, message) in cases {
            // Each case starts from an optimizer export carries, whatever the one before chose.
            _ = session.runExpectingSuccess("optim adam")
            let error = try XCTUnwrap(session.runExpectingError(source), source)
            XCTAssertEqual(error.name, name, source)
            XCTAssertEqual(error.value, message, source)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path()))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("notes")), ["notes.txt"])
    }
}
