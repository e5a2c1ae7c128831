import Foundation
import XCTest

@testable import Render

final class ExportTests: XCTestCase {
    /// A training history with the awkward cases: NaN, infinity, text needing quotes.
    static func history() throws -> Table {
        var table = Table(
            title: "xor history",
            series: [
                ("step", [1, 2, 3]), ("loss", [0.693147, 0.5, .nan]), ("val_loss", [0.7, .infinity]),
            ],
            footnote: "3 steps")
        table.columns.append(Table.Column("note"))
        var rows = table.rows
        rows[0].append(.text("start, \"warm\""))
        rows[1].append(.text("tab\there"))
        rows[2].append(.text("line\nbreak"))
        return try Table(title: table.title, columns: table.columns, rows: rows, footnote: table.footnote)
    }

    func testEveryFormatGolden() throws {
        let table = try Self.history()
        for format in ExportFormat.allCases {
            GoldenFile.assertMatches(table.exported(as: format), named: "export-history.\(format.rawValue)")
        }
        GoldenFile.assertMatches(
            table.exported(as: .json, jsonLayout: .columns), named: "export-history-columns.json")
    }

    func testJSONParsesWithNumbersAsNumbersAndNaNAsNull() throws {
        let text = try Self.history().exported(as: .json)
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows[0]["loss"] as? Double, 0.693147)
        XCTAssertEqual(rows[0]["step"] as? Int, 1)
        XCTAssertTrue(rows[2]["loss"] is NSNull)
        XCTAssertTrue(rows[1]["val_loss"] is NSNull)
        XCTAssertTrue(rows[2]["val_loss"] is NSNull, "a missing cell is null")
        XCTAssertEqual(rows[2]["note"] as? String, "line\nbreak")
        let columns = try Self.history().exported(as: .json, jsonLayout: .columns)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(columns.utf8)) as? [String: [Any]])
        XCTAssertEqual(object["step"]?.count, 3)
    }

    func testCSVFollowsRFC4180() throws {
        let lines = try Self.history().exported(as: .csv).components(separatedBy: "\r\n")
        XCTAssertEqual(lines[0], "step,loss,val_loss,note")
        XCTAssertEqual(lines[1], "1,0.693147,0.7,\"start, \"\"warm\"\"\"")
        XCTAssertEqual(lines[3], "3,NaN,,\"line\nbreak\"")
    }

    func testTSVKeepsOneRecordPerLine() throws {
        let lines = try Self.history().exported(as: .tsv).split(separator: "\n")
        XCTAssertEqual(lines.count, 4)
        XCTAssertTrue(
            lines.allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 4 })
    }

    func testFullPrecisionRoundTrips() {
        let value = 0.1 + 0.2
        XCTAssertEqual(Double(ExportNumber.text(value)), value)
        XCTAssertEqual(ExportNumber.text(3), "3")
        XCTAssertEqual(ExportNumber.text(-1e20), "-1e+20")
    }

    func testFormatsByExtension() throws {
        let cases: [(path: String, format: ExportFormat)] = [
            ("runs/xor.tsv", .tsv), ("a.CSV", .csv), ("notes.md", .markdown), ("/tmp/x.txt", .text),
            ("h.json", .json), ("dir.v2/h.json", .json),
        ]
        for entry in cases {
            XCTAssertEqual(try ExportFormat(path: entry.path), entry.format, entry.path)
        }
    }

    func testUnknownExtensionsListTheValidOnes() {
        let cases: [(path: String, message: String)] = [
            (
                "runs/xor.xlsx",
                "cannot export to 'runs/xor.xlsx': it has the extension '.xlsx'; use one of .tsv, .csv, .md, .txt, .json"
            ),
            (
                "history",
                "cannot export to 'history': it has no extension; use one of .tsv, .csv, .md, .txt, .json"
            ),
            (
                "runs.d/.hidden",
                "cannot export to 'runs.d/.hidden': it has no extension; use one of .tsv, .csv, .md, .txt, .json"
            ),
        ]
        for entry in cases {
            XCTAssertThrowsError(try ExportFormat(path: entry.path)) { error in
                XCTAssertEqual("\(error)", entry.message)
            }
        }
    }

    func testChartsExportAsTextOrMarkdownOnly() throws {
        let chart = LineChart(series: [.init("loss", y: [3, 2, 1])], width: 30, height: 4).rendering()
        XCTAssertEqual(try chart.exported(as: .text), chart.plain + "\n")
        XCTAssertEqual(try chart.exported(as: .markdown), "```text\n" + chart.plain + "\n```\n")
        XCTAssertThrowsError(try chart.exported(as: .csv)) { error in
            XCTAssertEqual("\(error)", "a plot cannot be exported as .csv; use one of .txt, .md")
        }
    }

    // MARK: files

    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "render-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func testExportWritesTheFormatOfTheExtensionCreatingDirectories() throws {
        let path = directory.appendingPathComponent("runs/deep/xor.csv").path
        try Self.history().export(to: path)
        XCTAssertEqual(
            try String(contentsOfFile: path, encoding: .utf8), try Self.history().exported(as: .csv))
    }

    func testAtomicWriteReplacesAndLeavesNoTemporaryFiles() throws {
        let path = directory.appendingPathComponent("out.txt").path
        try writeExport("old", to: path)
        try writeExport("new ⣿", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new ⣿")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["out.txt"])
    }

    func testFailedWriteLeavesTheOldContentAndNoTemporaryFile() throws {
        // A non-empty directory cannot be replaced by rename(2): the write fails at the last step.
        let target = directory.appendingPathComponent("taken.txt")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try "keep".write(to: target.appendingPathComponent("inside"), atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try writeExport("new", to: target.path)) { error in
            guard case .fileWrite(let path, _) = error as? RenderError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, target.path)
        }
        XCTAssertEqual(
            try String(contentsOf: target.appendingPathComponent("inside"), encoding: .utf8), "keep")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["taken.txt"])
    }

    func testWriteIntoAFileAsIfADirectoryFailsWithAReason() throws {
        let file = directory.appendingPathComponent("plain")
        try writeExport("x", to: file.path)
        XCTAssertThrowsError(try writeExport("y", to: file.appendingPathComponent("child.txt").path)) {
            error in
            XCTAssertTrue("\(error)".hasPrefix("cannot write '"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "x")
    }

    /// Under a file-size limit (SIGXFSZ ignored, as the kernel and `backprop run` do) the write
    /// fails with EFBIG: the error names the limit, the old file stays and no temporary is left.
    func testFileSizeLimitIsNamedAndTheOldFileKept() throws {
        let path = directory.appendingPathComponent("history.tsv").path
        try writeExport("old", to: path)
        let large = String(repeating: "0.693147\t", count: 10_000)
        try withFileSizeLimit(4096) {
            XCTAssertThrowsError(try writeExport(large, to: path)) { error in
                XCTAssertEqual(
                    "\(error)",
                    "cannot write '\(path)': it would pass this process's file-size limit (ulimit -f);"
                        + " any existing file is unchanged")
            }
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["history.tsv"])
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
