import Foundation
import XCTest

@testable import Kernel

final class HistoryStoreTests: XCTestCase {
    private var file: URL!

    override func setUp() {
        file = FileManager.default.temporaryDirectory
            .appendingPathComponent("backprop-history-\(UUID().uuidString)/history.jsonl")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: file.deletingLastPathComponent())
    }

    func testHistorySurvivesARestartAsANewSession() {
        let first = HistoryStore(file: file)
        XCTAssertEqual(first.session, 1)
        first.record(line: 1, input: "print \"a\"", output: nil)
        first.record(line: 2, input: "42", output: "42")

        let second = HistoryStore(file: file)
        XCTAssertEqual(second.session, 2)
        second.record(line: 1, input: "help", output: nil)
        XCTAssertEqual(
            second.entries(for: .tail(count: 10)),
            [
                HistoryEntry(session: 1, line: 1, input: "print \"a\"", output: nil),
                HistoryEntry(session: 1, line: 2, input: "42", output: "42"),
                HistoryEntry(session: 2, line: 1, input: "help", output: nil),
            ])
    }

    func testQueries() {
        let store = HistoryStore(file: file)
        let inputs = ["42", "print 1", "43", "42", "help"]
        for (index, input) in inputs.enumerated() { store.record(line: index + 1, input: input, output: nil) }
        let cases: [(query: HistoryQuery, lines: [Int])] = [
            (.tail(count: 2), [4, 5]),
            (.tail(count: 0), []),
            (.range(session: 0, start: 2, stop: 4), [2, 3]),
            (.range(session: 1, start: 4, stop: nil), [4, 5]),
            (.range(session: -1, start: 1, stop: nil), []),
            (.search(pattern: "4*", count: nil, unique: false), [1, 3, 4]),
            (.search(pattern: "4*", count: nil, unique: true), [3, 4]),
            (.search(pattern: "4*", count: 2, unique: false), [3, 4]),
            (.search(pattern: "print ?", count: nil, unique: false), [2]),
            (.search(pattern: "*", count: 1, unique: false), [5]),
        ]
        for (query, lines) in cases {
            XCTAssertEqual(store.entries(for: query).map(\.line), lines, "\(query)")
        }
    }

    func testGlob() {
        let cases: [(pattern: String, text: String, matches: Bool)] = [
            ("*", "", true), ("4*", "42", true), ("4*", "142", false), ("*2", "142", true),
            ("a?c", "abc", true), ("a?c", "ac", false), ("*a*b*", "xxaxxbxx", true), ("*a*b", "ba", false),
            ("é*", "é😀", true),
        ]
        for (pattern, text, matches) in cases {
            XCTAssertEqual(GlobPattern.matches(pattern, text), matches, "\(pattern) ~ \(text)")
        }
    }

    func testQueryIsReadFromTheRequestContent() {
        XCTAssertEqual(HistoryQuery(content: ["hist_access_type": "tail", "n": 3]), .tail(count: 3))
        XCTAssertEqual(
            HistoryQuery(content: ["hist_access_type": "range", "session": -1, "start": 2, "stop": 5]),
            .range(session: -1, start: 2, stop: 5))
        XCTAssertEqual(
            HistoryQuery(content: ["hist_access_type": "search", "pattern": "a*", "unique": true]),
            .search(pattern: "a*", count: nil, unique: true))
        XCTAssertNil(HistoryQuery(content: ["hist_access_type": "everything"]))
    }

    func testDefaultFileFollowsXDG() {
        XCTAssertEqual(
            HistoryStore.defaultFile(environment: ["XDG_DATA_HOME": "/x"]).path, "/x/backprop/history.jsonl")
        XCTAssertEqual(
            HistoryStore.defaultFile(environment: ["HOME": "/home/u"]).path,
            "/home/u/.local/share/backprop/history.jsonl")
    }
}

final class LargeHistoryTests: XCTestCase {
    func testSessionIsFoundFromTheEndOfALargeFile() throws {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("backprop-history-\(UUID().uuidString)/history.jsonl")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let longInput = String(repeating: "x", count: 200)
        for session in 1...3 {
            let store = HistoryStore(file: file)
            XCTAssertEqual(store.session, session)
            for line in 1...200 { store.record(line: line, input: "\(longInput) \(line)", output: nil) }
        }
        let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0
        XCTAssertGreaterThan(size, 64 * 1024, "larger than the tail that is read at start")
        let fourth = HistoryStore(file: file)
        XCTAssertEqual(fourth.session, 4)
        XCTAssertEqual(fourth.entries(for: .tail(count: 1000)).count, 600, "queries read the whole file")
        XCTAssertEqual(fourth.entries(for: .range(session: 1, start: 1, stop: 3)).map(\.line), [1, 2])
    }
}
