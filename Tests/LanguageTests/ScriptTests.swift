import Foundation
import XCTest

@testable import Language

/// Runs every `Scripts/*.bp` through `ScriptRunner` (as `backprop run` does) and compares what it
/// shows with the script's `# expect: LINE` and `# expect-error: Name: message` comments, in order.
/// A script with a `# displays: first line` comment sees each display as one line, `display: FIRST
/// LINE`, checked with `# expect-display: FIRST LINE` (tables and charts have golden tests in Render).
final class ScriptTests: XCTestCase {
    func testScripts() throws {
        let directory = try XCTUnwrap(Bundle.module.url(forResource: "Scripts", withExtension: nil))
        let scripts = try FileManager.default.contentsOfDirectory(
            at: directory, includingPropertiesForKeys: nil
        )
        .filter { $0.pathExtension == "bp" }
        .sorted { $0.lastPathComponent < $1.lastPathComponent }
        XCTAssertGreaterThanOrEqual(scripts.count, 5, "the script tests went missing")
        // Scripts that save write into a scratch directory, never the repository.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "backprop-scripts-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(scratch.path))
        defer {
            _ = FileManager.default.changeCurrentDirectoryPath(previous)
            try? FileManager.default.removeItem(at: scratch)
        }
        for script in scripts {
            let source = try String(contentsOf: script, encoding: .utf8)
            XCTAssertEqual(
                Self.shownLines(running: source), Self.expectedLines(in: source),
                script.lastPathComponent)
        }
    }

    func testCellsKeepTheirScriptLineNumbers() {
        let script = "print 1\n# %%\n\nprnt 2\n  # %% second\nprint 3"
        XCTAssertEqual(
            ScriptRunner.cells(of: script),
            [
                ScriptRunner.Cell(source: "print 1", firstLine: 1),
                ScriptRunner.Cell(source: "\nprnt 2", firstLine: 3),
                ScriptRunner.Cell(source: "print 3", firstLine: 6),
            ])
        var errors: [RenderedError] = []
        ScriptRunner(stopOnError: false).run(script) { event in
            if case .error(let error) = event { errors.append(error) }
        }
        XCTAssertEqual(errors.first?.traceback[1], "line 4, column 1:")
    }

    func testExpectationsAreReadInOrder() {
        let source = "print 1 # expect: 1\n# %%\nprnt # expect-error: NameError: unknown command 'prnt'"
        XCTAssertEqual(Self.expectedLines(in: source), ["1", "error: NameError: unknown command 'prnt'"])
    }

    static func expectedLines(in source: String) -> [String] {
        source.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            if let range = line.range(of: "# expect:") {
                return String(dropOneSpace(line[range.upperBound...]))
            }
            if let range = line.range(of: "# expect-error: ") { return "error: " + line[range.upperBound...] }
            if let range = line.range(of: "# expect-display: ") {
                return "display: " + line[range.upperBound...]
            }
            return nil
        }
    }

    /// `# expect:` with nothing after it expects an empty line, so trailing spaces don't matter.
    private static func dropOneSpace(_ text: Substring) -> Substring {
        text.hasPrefix(" ") ? text.dropFirst() : text
    }

    static func shownLines(running source: String) -> [String] {
        let displaysByFirstLine = source.contains("# displays: first line")
        var lines: [String] = []
        func add(_ text: String) {
            var text = text
            if text.hasSuffix("\n") { text.removeLast() }
            lines += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        ScriptRunner(stopOnError: false).run(source) { event in
            switch event {
            case .stream(let text, _): add(text)
            case .display(let rendering) where displaysByFirstLine:
                lines.append(
                    "display: " + (rendering.plain.split(separator: "\n").first.map(String.init) ?? ""))
            case .display(let rendering), .result(let rendering): add(rendering.plain)
            case .error(let error): lines.append("error: \(error.name): \(error.value)")
            case .liveUpdate: break
            }
        }
        return lines
    }
}
