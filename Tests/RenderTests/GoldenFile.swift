import Foundation
import XCTest

/// Compares renderer output with a file under `Golden/`; `BACKPROP_RECORD=1` rewrites the file.
///
/// Goldens are read from the source tree (not the copied bundle) so that recording and
/// checking use the same file.
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static var isRecording: Bool { ProcessInfo.processInfo.environment["BACKPROP_RECORD"] == "1" }

    /// Fails with a line-by-line diff when `actual` differs from the golden file `name`.
    static func assertMatches(
        _ actual: String, named name: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        let url = directory.appendingPathComponent(name)
        let text = actual.hasSuffix("\n") ? actual : actual + "\n"
        if isRecording {
            do {
                try text.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                XCTFail("cannot record \(name): \(error)", file: file, line: line)
            }
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail(
                "no golden file \(name); record it with BACKPROP_RECORD=1 swift test", file: file, line: line)
            return
        }
        if expected != text {
            XCTFail(
                "\(name) differs from its golden file:\n" + diff(expected: expected, actual: text),
                file: file, line: line)
        }
    }

    /// The differing lines, numbered, as `-expected` / `+actual` pairs.
    static func diff(expected: String, actual: String) -> String {
        let old = expected.components(separatedBy: "\n")
        let new = actual.components(separatedBy: "\n")
        var lines: [String] = []
        for index in 0..<max(old.count, new.count) {
            let before = index < old.count ? old[index] : nil
            let after = index < new.count ? new[index] : nil
            guard before != after else { continue }
            if let before { lines.append(String(format: "%4d -", index + 1) + before) }
            if let after { lines.append(String(format: "%4d +", index + 1) + after) }
        }
        return lines.joined(separator: "\n")
    }
}
