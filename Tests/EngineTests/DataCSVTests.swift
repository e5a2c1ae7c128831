import Foundation
import XCTest

@testable import Engine

final class DataCSVTests: XCTestCase {
    func testTextLabelsBecomeClassesInOrderOfFirstAppearance() throws {
        let text = "a,b,kind\n1,2,zebra\n3,4,ant\n5,6,zebra\n7,8,bee\n"
        let data = try CSVDatasetLoader.parse(
            text, name: "t", source: "t.csv", options: CSVLoadOptions(labelColumn: "kind"))
        XCTAssertEqual(data.featureNames, ["a", "b"])
        XCTAssertEqual(data.classNames, ["zebra", "ant", "bee"])
        XCTAssertEqual(data.targets, [0, 1, 0, 2])
        XCTAssertEqual(data.inputs, [1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(data.task, .multiclass(classCount: 3))
        let sorted = try CSVDatasetLoader.parse(
            text, name: "t", source: "t.csv",
            options: CSVLoadOptions(labelColumn: "kind", classOrder: .sorted))
        XCTAssertEqual(sorted.classNames, ["ant", "bee", "zebra"])
        XCTAssertEqual(sorted.targets, [2, 0, 2, 1])
    }

    func testLabelColumnAnywhereAndQuotedFields() throws {
        let text = "label,\"x, first\",x2\r\n1,\" 2\",3\r\n0,4,5\r\n"
        let data = try CSVDatasetLoader.parse(
            text, name: "t", source: "t.csv", options: CSVLoadOptions(labelColumn: "label"))
        XCTAssertEqual(data.featureNames, ["x, first", "x2"])
        XCTAssertEqual(data.inputs, [2, 3, 4, 5])
        // Numeric 0/1 labels keep their meaning: label 1 is class 1.
        XCTAssertEqual(data.task, .binary)
        XCTAssertEqual(data.classNames, ["0", "1"])
        XCTAssertEqual(data.targets, [1, 0])
    }

    func testByteOrderMarkAndEscapedQuotes() throws {
        let text = "\u{FEFF}x,\"say \"\"hi\"\"\"\n1,yes\n2,no\n"
        let data = try CSVDatasetLoader.parse(text, name: "t", source: "t.csv")
        XCTAssertEqual(data.featureNames, ["x"])
        XCTAssertEqual(data.targetNames, ["say \"hi\""])
        XCTAssertEqual(data.classNames, ["yes", "no"])
    }

    func testFractionalLabelsAreRegressionValues() throws {
        let data = try CSVDatasetLoader.parse("x,y\n1,0.5\n2,1.5\n", name: "t", source: "t.csv")
        XCTAssertEqual(data.task, .regression)
        XCTAssertEqual(data.targets, [0.5, 1.5])
        let forced = try CSVDatasetLoader.parse(
            "x,y\n1,0\n2,1\n", name: "t", source: "t.csv", options: CSVLoadOptions(labelKind: .values))
        XCTAssertEqual(forced.task, .regression)
    }

    func testFixtureFileWithBlankLine() throws {
        let url = Bundle.module.url(
            forResource: "data-small", withExtension: "csv", subdirectory: "Fixtures")!
        let data = try CSVDatasetLoader.load(contentsOf: url)
        XCTAssertEqual(data.name, "data-small")
        XCTAssertEqual(data.count, 3)
        XCTAssertEqual(data.inputs, [1, 2, 3, 4, 5.5, -0.6])
        XCTAssertEqual(data.classNames, ["cat", "dog"])
        let split = try CSVDatasetLoader.load(contentsOf: url, trainingFraction: 0.67, seed: 1)
        XCTAssertEqual(split.training.count, 2)
        XCTAssertEqual(split.validation.count, 1)
    }

    func testErrorsNameTheLineAndColumn() {
        let cases: [(String, CSVLoadOptions, DataError, String)] = [
            ("", CSVLoadOptions(), .emptyFile(source: "f.csv"), "f.csv is empty"),
            ("\n  \n", CSVLoadOptions(), .emptyFile(source: "f.csv"), "header row"),
            ("a,b\n", CSVLoadOptions(), .noDataRows(source: "f.csv"), "no data rows"),
            (
                "a,b,c\n1,2,3\n4,5\n", CSVLoadOptions(),
                .wrongFieldCount(source: "f.csv", line: 3, expected: 3, found: 2),
                "f.csv, line 3: expected 3 fields"
            ),
            (
                "a,b,c\n1,2,3\n\n4,x5,6\n", CSVLoadOptions(),
                .nonNumericValue(source: "f.csv", line: 4, column: 2, columnName: "b", text: "x5"),
                "line 4, column 2 ('b'): 'x5' is not a number"
            ),
            (
                "a,b\n1,2\n", CSVLoadOptions(labelColumn: "species"),
                .unknownLabelColumn(source: "f.csv", name: "species", columns: ["a", "b"]), "columns: a, b"
            ),
            ("a,a\n1,2\n", CSVLoadOptions(), .duplicateColumn(source: "f.csv", name: "a"), "appears twice"),
            (
                "a\n1\n", CSVLoadOptions(), .noFeatureColumns(source: "f.csv", labelColumn: "a"),
                "no feature columns"
            ),
            ("a,b\n1,\"2\n", CSVLoadOptions(), .unterminatedQuote(source: "f.csv", line: 2), "line 2"),
            (
                "a,b\n1,2\n3,cat\n", CSVLoadOptions(labelKind: .values),
                .nonNumericValue(source: "f.csv", line: 3, column: 2, columnName: "b", text: "cat"), "'cat'"
            ),
            (
                "a,b\n1,2\nnan,3\n", CSVLoadOptions(),
                .nonFiniteValue(source: "f.csv", line: 3, column: 1, columnName: "a", text: "nan"),
                "'nan' is not a finite number"
            ),
            (
                "a,b\n1,0.5\n2,inf\n", CSVLoadOptions(labelKind: .values),
                .nonFiniteValue(source: "f.csv", line: 3, column: 2, columnName: "b", text: "inf"),
                "line 3, column 2"
            ),
        ]
        // The phrase each case names is the Language's wording, checked in EngineMessageTextTests.
        for (text, options, expected, _) in cases {
            XCTAssertThrowsError(
                try CSVDatasetLoader.parse(text, name: "f", source: "f.csv", options: options)
            ) {
                XCTAssertEqual($0 as? DataError, expected, text)
            }
        }
    }

    func testMissingFileIsAFileError() {
        let url = URL(fileURLWithPath: "/nonexistent/none.csv")
        XCTAssertThrowsError(try CSVDatasetLoader.load(contentsOf: url)) {
            XCTAssertEqual(
                $0 as? DataError, .fileUnreadable(path: "/nonexistent/none.csv", reason: "no such file"))
        }
    }
}
