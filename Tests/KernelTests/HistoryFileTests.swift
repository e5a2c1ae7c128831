import Foundation
import XCTest

@testable import Kernel

/// The history file as found on real machines: not a regular file, cut short, corrupt,
/// long, or shared with another kernel.
final class HistoryFileTests: XCTestCase {
    private var directory: URL!
    private var file: URL!

    override func setUp() {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "backprop-history-\(UUID().uuidString)")
        file = directory.appendingPathComponent("backprop/history.jsonl")
        try? FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func record(_ session: Int, _ line: Int, _ input: String = "print 1") -> String {
        String(
            decoding: HistoryEntry(session: session, line: line, input: input, output: nil).record,
            as: UTF8.self)
    }

    private func write(_ text: String, to url: URL? = nil) throws {
        try Data(text.utf8).write(to: url ?? file)
    }

    private func contents() throws -> String {
        String(decoding: try Data(contentsOf: file), as: UTF8.self)
    }

    private func size(_ url: URL? = nil) -> Int {
        var status = stat()
        return stat((url ?? file).path, &status) == 0 ? Int(status.st_size) : -1
    }

    /// The store opened on `file`, checked to have taken less than a second.
    private func openQuickly(_ url: URL? = nil) -> HistoryStore {
        let clock = ContinuousClock()
        var store: HistoryStore!
        let elapsed = clock.measure { store = HistoryStore(file: url ?? file) }
        XCTAssertLessThan(elapsed, .seconds(1))
        return store
    }

    /// A path that is not a regular file is left alone and history works in memory.
    private func checkKeptInMemory(_ store: HistoryStore, file: StaticString = #filePath, line: UInt = #line)
    {
        XCTAssertNil(store.file, file: file, line: line)
        XCTAssertEqual(store.session, 1, file: file, line: line)
        store.record(line: 1, input: "help", output: nil)
        store.record(line: 2, input: "42", output: "42")
        XCTAssertEqual(
            store.entries(for: .tail(count: 10)).map(\.input), ["help", "42"], file: file, line: line)
        XCTAssertEqual(store.entries(for: .range(session: 0, start: 2, stop: nil)).map(\.line), [2])
    }

    func testANamedPipeNeitherBlocksStartUpNorIsWritten() {
        XCTAssertEqual(mkfifo(file.path, 0o600), 0)
        checkKeptInMemory(openQuickly())
        var status = stat()
        XCTAssertEqual(lstat(file.path, &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFIFO, "still the pipe")
    }

    func testALinkToDevURandomIsNotRead() {
        XCTAssertEqual(symlink("/dev/urandom", file.path), 0)
        checkKeptInMemory(openQuickly())
    }

    func testADirectoryIsNotUsed() throws {
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: false)
        checkKeptInMemory(openQuickly())
    }

    func testAPathThatCannotBeOpenedKeepsHistoryInMemory() throws {
        let blocked = directory.appendingPathComponent("a-file")
        try write("not a directory", to: blocked)
        checkKeptInMemory(openQuickly(blocked.appendingPathComponent("history.jsonl")))
    }

    func testALinkToARegularFileIsFollowed() throws {
        let target = directory.appendingPathComponent("elsewhere.jsonl")
        try write(record(4, 1) + "\n", to: target)
        try FileManager.default.removeItem(at: file.deletingLastPathComponent())
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        XCTAssertEqual(symlink(target.path, file.path), 0)
        let store = openQuickly()
        XCTAssertEqual(store.session, 5)
        store.record(line: 1, input: "help", output: nil)
        XCTAssertEqual(
            String(decoding: try Data(contentsOf: target), as: UTF8.self),
            record(4, 1) + "\n" + record(5, 1, "help") + "\n")
    }

    func testATruncatedLastLineDoesNotSwallowTheNextRecord() throws {
        let fragment = #"{"input":"print 3","line":3,"sess"#
        try write(record(1, 1) + "\n" + record(1, 2) + "\n" + fragment)
        let store = openQuickly()
        XCTAssertEqual(store.session, 2)
        store.record(line: 1, input: "help", output: nil)
        XCTAssertEqual(
            try contents(),
            record(1, 1) + "\n" + record(1, 2) + "\n" + fragment + "\n" + record(2, 1, "help") + "\n")
        XCTAssertEqual(
            store.entries(for: .tail(count: 10)).map { [$0.session, $0.line] }, [[1, 1], [1, 2], [2, 1]])
        XCTAssertEqual(openQuickly().session, 3)
    }

    func testAnAbsurdSessionOrLineIsIgnoredAndLaterSessionsStayReadable() throws {
        let absurd = [
            #"{"input":"x","line":1,"output":null,"session":999999999999999}"#,
            #"{"input":"x","line":1,"output":null,"session":0}"#,
            #"{"input":"x","line":1,"output":null,"session":-3}"#,
            #"{"input":"x","line":1,"output":null,"session":2.5}"#,
            #"{"input":"x","line":1000000000000,"output":null,"session":1}"#,
            #"[1, 2, 3]"#, #"{"#, String(repeating: "[", count: 100_000),
        ]
        try write(([record(1, 1)] + absurd).joined(separator: "\n") + "\n")
        let second = openQuickly()
        XCTAssertEqual(second.session, 2)
        second.record(line: 1, input: "help", output: nil)
        let third = openQuickly()
        XCTAssertEqual(third.session, 3)
        XCTAssertEqual(third.entries(for: .tail(count: 10)).map(\.session), [1, 2])
        XCTAssertEqual(third.entries(for: .range(session: -1, start: 1, stop: nil)).map(\.input), ["help"])
    }

    /// Lines of about 300 bytes, 1000 to a session, up to `bytes` in all; the last session.
    private func writeLongHistory(bytes: Int) throws -> (lastSession: Int, lastLine: String) {
        var text = ""
        text.reserveCapacity(bytes + 400)
        var index = 0
        var last = ""
        while text.utf8.count < bytes {
            last = record(
                index / 1000 + 1, index % 1000 + 1, "print \(index) " + String(repeating: "x", count: 240))
            text += last + "\n"
            index += 1
        }
        try write(text)
        return ((index - 1) / 1000 + 1, last)
    }

    func testRotationAtStartUpKeepsTheNewestWholeLinesAndTheSessionsGoOn() throws {
        let (lastSession, lastLine) = try writeLongHistory(bytes: 5 << 20)
        let store = openQuickly()
        XCTAssertEqual(store.session, lastSession + 1)
        XCTAssertLessThanOrEqual(size(), HistoryLimits.keptAfterRotationBytes)
        XCTAssertGreaterThan(size(), HistoryLimits.keptAfterRotationBytes - 400)
        let lines = try contents().split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.last, "", "ends with a newline")
        XCTAssertEqual(lines.dropLast().last.map(String.init), lastLine)
        XCTAssertTrue(
            lines.dropLast().allSatisfy { HistoryEntry(line: ArraySlice($0.utf8)) != nil }, "whole lines")
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: file.deletingLastPathComponent().path)
        XCTAssertEqual(leftovers, ["history.jsonl"], "no temporary file left")
        store.record(line: 1, input: "help", output: nil)
        XCTAssertEqual(openQuickly().session, lastSession + 2)
    }

    func testRotationThroughALinkKeepsTheLinkAndTheFilesMode() throws {
        let (lastSession, _) = try writeLongHistory(bytes: 5 << 20)
        let target = directory.appendingPathComponent("elsewhere.jsonl")
        XCTAssertEqual(rename(file.path, target.path), 0)
        XCTAssertEqual(chmod(target.path, 0o600), 0)
        XCTAssertEqual(symlink(target.path, file.path), 0)
        let store = openQuickly()
        XCTAssertEqual(store.session, lastSession + 1)
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: file.path)
        XCTAssertEqual(link, target.path, "still a link to the same file")
        var status = stat()
        XCTAssertEqual(stat(target.path, &status), 0)
        XCTAssertEqual(status.st_mode & 0o777, 0o600)
        XCTAssertLessThanOrEqual(Int(status.st_size), HistoryLimits.keptAfterRotationBytes)
    }

    func testRotationAfterAnAppendThatMakesTheFileTooLong() throws {
        let (lastSession, _) = try writeLongHistory(bytes: HistoryLimits.rotationThresholdBytes - 1000)
        let store = openQuickly()
        XCTAssertGreaterThan(size(), HistoryLimits.keptAfterRotationBytes, "not rotated at start")
        for line in 1...10 {
            store.record(
                line: line, input: "print \(line) " + String(repeating: "y", count: 200), output: nil)
        }
        XCTAssertLessThanOrEqual(size(), HistoryLimits.keptAfterRotationBytes + 10 * 300)
        XCTAssertEqual(
            store.entries(for: .tail(count: 1)).map { [$0.session, $0.line] }, [[lastSession + 1, 10]])
        XCTAssertEqual(openQuickly().session, lastSession + 2)
    }

    func testATailReadsOnlyTheBlocksItNeedsAndEveryQueryIsBounded() throws {
        _ = try writeLongHistory(bytes: 8 << 20)
        // Read without the store, which would rotate the file first.
        let history = HistoryFile(path: file.path)
        var tail = HistorySelection(.tail(count: 10), currentSession: 1)
        try history.scanBackwards { entry, _ in tail.offer(entry) }
        XCTAssertEqual(tail.entries.count, 10)
        XCTAssertEqual(history.bytesRead, HistoryLimits.readBlockBytes)
        var search = HistorySelection(.search(pattern: "*", count: nil, unique: false), currentSession: 1)
        try history.scanBackwards { entry, _ in search.offer(entry) }
        XCTAssertEqual(history.bytesRead, HistoryLimits.readBlockBytes + HistoryLimits.queryWindowBytes)
        XCTAssertGreaterThan(search.entries.count, 15_000, "the whole window")

        let store = openQuickly()
        let before = store.file!.bytesRead
        XCTAssertEqual(store.entries(for: .tail(count: 3)).count, 3)
        XCTAssertEqual(store.file!.bytesRead - before, HistoryLimits.readBlockBytes)
    }

    func testLinesOverTheRecordLimitAreSkippedAndSuchCellsNotSaved() throws {
        let long = String(repeating: "z", count: HistoryLimits.recordBytes + 10)
        try write(record(1, 1) + "\n" + record(1, 2, long) + "\n" + record(1, 3) + "\n")
        let store = openQuickly()
        XCTAssertEqual(store.entries(for: .tail(count: 10)).map(\.line), [1, 3])
        let before = size()
        store.record(line: 1, input: long, output: nil)
        XCTAssertEqual(size(), before)
        store.record(line: 2, input: "help", output: nil)
        XCTAssertEqual(
            store.entries(for: .tail(count: 10)).map { [$0.session, $0.line] }, [[1, 1], [1, 3], [2, 2]])
    }

    func testAnotherKernelsRotationLosesNoAppend() throws {
        let first = openQuickly()
        first.record(line: 1, input: "before", output: nil)
        // Another kernel's appends make the file long; a third kernel starting rotates it.
        let handle = try FileHandle(forWritingTo: file)
        handle.seekToEndOfFile()
        let line = record(1, 2, String(repeating: "w", count: 1000)) + "\n"
        handle.write(
            Data(
                String(repeating: line, count: (HistoryLimits.rotationThresholdBytes / line.utf8.count) + 10)
                    .utf8))
        try handle.close()
        let third = openQuickly()
        XCTAssertLessThanOrEqual(size(), HistoryLimits.keptAfterRotationBytes)
        first.record(line: 3, input: "after", output: nil)
        XCTAssertEqual(third.entries(for: .tail(count: 1)).map(\.input), ["after"])
    }

    func testMemoryHistoryIsBoundedLikeTheFile() {
        let store = HistoryStore(file: nil)
        let input = String(repeating: "m", count: 1000)
        for line in 1...10_000 { store.record(line: line, input: input, output: nil) }
        let kept = store.entries(for: .tail(count: 100_000))
        XCTAssertLessThan(kept.count * 1000, HistoryLimits.rotationThresholdBytes)
        XCTAssertEqual(kept.last?.line, 10_000)
    }
}
