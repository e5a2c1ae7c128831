import Foundation
import XCTest

@testable import Engine

final class CheckpointFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "checkpoint-tests-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    private func checkpoint(_ value: Double) throws -> Checkpoint {
        try Checkpoint(
            tensors: [
                CheckpointTensor(name: "0.weight", dtype: .f64, shape: [1, 2], values: [value, -value])
            ],
            metadata: [Checkpoint.trainingStepKey: "\(Int(value))"])
    }

    private func directoryEntries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    func testWriteThenReadAndOverwrite() throws {
        let url = directory.appendingPathComponent("net.safetensors")
        try SafetensorsFile.write(checkpoint(1), to: url)
        XCTAssertEqual(try SafetensorsFile.read(from: url), try checkpoint(1))
        try SafetensorsFile.write(checkpoint(2), to: url)
        XCTAssertEqual(try SafetensorsFile.read(from: url).trainingStep, 2)
        XCTAssertEqual(try directoryEntries(), ["net.safetensors"], "no temporary file is left behind")
    }

    func testFailureBeforeRenameKeepsTheOldFile() throws {
        struct DiskFull: Error {}
        let url = directory.appendingPathComponent("net.safetensors")
        try SafetensorsFile.write(checkpoint(1), to: url)
        let before = try Data(contentsOf: url)
        XCTAssertThrowsError(
            try SafetensorsFile.write(checkpoint(2), to: url, beforeRename: { throw DiskFull() })
        ) {
            guard case .writeFailed(let path, _) = $0 as? CheckpointError else { return XCTFail("\($0)") }
            XCTAssertEqual(path, url.path)
        }
        XCTAssertEqual(try Data(contentsOf: url), before)
        XCTAssertEqual(try directoryEntries(), ["net.safetensors"])
    }

    func testEncodingFailureTouchesNothing() throws {
        let url = directory.appendingPathComponent("net.safetensors")
        try SafetensorsFile.write(checkpoint(1), to: url)
        let half = try Checkpoint(tensors: [CheckpointTensor(name: "h", dtype: .f16, shape: [1], values: [1])]
        )
        XCTAssertThrowsError(try SafetensorsFile.write(half, to: url))
        XCTAssertEqual(try SafetensorsFile.read(from: url), try checkpoint(1))
        XCTAssertEqual(try directoryEntries(), ["net.safetensors"])
    }

    func testRenameOntoADirectoryFailsAndCleansUp() throws {
        let url = directory.appendingPathComponent("occupied")
        try FileManager.default.createDirectory(
            at: url.appendingPathComponent("inside"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try SafetensorsFile.write(checkpoint(1), to: url)) {
            guard case .writeFailed = $0 as? CheckpointError else { return XCTFail("\($0)") }
        }
        XCTAssertEqual(try directoryEntries(), ["occupied"])
    }

    func testMissingDirectoryAndMissingFile() throws {
        let nowhere = directory.appendingPathComponent("no/such/dir/net.safetensors")
        XCTAssertThrowsError(try SafetensorsFile.write(checkpoint(1), to: nowhere)) {
            XCTAssertTrue("\($0)".contains("does not exist"), "\($0)")
        }
        XCTAssertThrowsError(try SafetensorsFile.read(from: nowhere)) {
            XCTAssertEqual(
                $0 as? CheckpointError, .fileUnreadable(path: nowhere.path, reason: "no such file"))
        }
    }

    /// Under a file-size limit, with SIGXFSZ ignored as the kernel and `backprop run` do, a
    /// checkpoint too large fails with a reason naming the limit, and leaves no temporary file
    /// and the old checkpoint as it was. Before, Data.write left the reason to Foundation.
    func testFileSizeLimitIsNamedAndCleansUp() throws {
        let url = directory.appendingPathComponent("net.safetensors")
        try SafetensorsFile.write(checkpoint(1), to: url)
        let before = try Data(contentsOf: url)
        let large = try Checkpoint(tensors: [
            CheckpointTensor(
                name: "0.weight", dtype: .f64, shape: [100, 100], values: Array(repeating: 1, count: 10_000))
        ])
        try withFileSizeLimit(4096) {
            XCTAssertThrowsError(try SafetensorsFile.write(large, to: url)) {
                XCTAssertEqual(
                    $0 as? CheckpointError,
                    .writeFailed(
                        path: url.path, reason: "it would pass this process's file-size limit (ulimit -f)"))
            }
        }
        XCTAssertEqual(try Data(contentsOf: url), before)
        XCTAssertEqual(try directoryEntries(), ["net.safetensors"])
    }
}

/// Runs `body` with files limited to `bytes` and SIGXFSZ ignored, then restores both.
private func withFileSizeLimit(_ bytes: Int, _ body: () throws -> Void) throws {
    #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
    #else
        let resource = RLIMIT_FSIZE
    #endif
    let previousHandler = signal(SIGXFSZ, SIG_IGN)
    var saved = rlimit()
    XCTAssertEqual(getrlimit(resource, &saved), 0)
    var limited = saved
    limited.rlim_cur = rlim_t(bytes)
    XCTAssertEqual(setrlimit(resource, &limited), 0)
    defer {
        setrlimit(resource, &saved)
        signal(SIGXFSZ, previousHandler)
    }
    try body()
}
