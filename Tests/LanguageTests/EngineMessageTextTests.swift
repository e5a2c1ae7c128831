import Engine
import XCTest

@testable import Language

/// The Language words the Engine's errors, which carry values only (issue 10: Engine errors
/// without English sentences).
final class EngineMessageTextTests: XCTestCase {
    func testCheckpointDifferencesAndFindingsAreWorded() {
        XCTAssertEqual(
            EngineMessages.text(SpecDifference(place: "L1", saved: "4 relu", current: "4 tanh")),
            "L1 is 4 relu in the file, 4 tanh in the net")
        XCTAssertEqual(
            EngineMessages.text(SpecDifference(place: "L3", saved: "1 sigmoid", current: nil)),
            "L3 (1 sigmoid) is in the file, not in the net")
        XCTAssertEqual(
            EngineMessages.text(
                NonFiniteFinding(parameter: "L2.W", nanCount: 1, infiniteCount: 2, isFloat32: true)),
            "L2.W: 1 NaN, 2 infinite or past Float32's range")
        XCTAssertEqual(
            EngineMessages.text(
                CheckpointError.networkMismatch(
                    differences: [.missing(name: "0.weight", shape: [4, 2])],
                    specDifferences: [SpecDifference(place: "input", saved: "3", current: "2")])),
            "checkpoint does not match the network:\n  missing '0.weight' [4, 2]\n  input is 3 in the file, 2 in the net"
        )
        XCTAssertEqual(
            EngineMessages.text(CheckpointError.unknownMappedLayer(layer: "L9", valid: ["L1", "L2"])),
            "the net has no layer 'L9' with parameters to rename; its layers with parameters are L1, L2")
    }

    func testDataErrorsAreWorded() {
        XCTAssertEqual(
            EngineMessages.text(DataError.boundaryInWord(source: "words f", line: 3, word: "a.b")),
            "words f word 3 'a.b' contains '.', which marks the end of a word")
        XCTAssertEqual(
            EngineMessages.diagnostic(
                for: DataError.fileUnreadable(path: "x.csv", reason: "no such file"), at: nil
            )
            .kind, .fileError)
    }

    /// Every corruption the safetensors decoder names (CheckpointCorruptionTests makes each one),
    /// worded with its values.
    func testEveryCheckpointErrorIsWordedWithItsValues() {
        let cases: [(CheckpointError, String)] = [
            (.truncatedFile(byteCount: 5), "5 bytes"),
            (.headerBeyondFile(headerLength: 56, fileSize: 20), "past the end"),
            (.offsetsOutOfRange(name: "w", begin: 0, end: 8, dataSize: 5), "bytes 0..<8"),
            (.headerTooLarge(headerLength: 1 << 40, limit: 100_000_000), "limit"),
            (
                .badHeaderJSON(reason: "it does not start with '{'"),
                "header is not valid JSON: it does not start with"
            ),
            (.malformedEntry(name: "w", reason: "not a JSON object"), "'w' is malformed"),
            (.offsetsOutOfRange(name: "w", begin: 0, end: 8, dataSize: 4), "has 4 bytes"),
            (.overlappingTensors(first: "a", second: "b"), "overlap"),
            (.unindexedBytes(begin: 8, end: 12), "bytes 8..<12"),
            (.unindexedBytes(begin: 8, end: 10), "belong to no tensor"),
            (.badMetadata(key: "step"), "'step'"),
            (.writeFailed(path: "a.safetensors", reason: "disk full"), "any existing file is unchanged"),
            (
                .valueCountMismatch(name: "w", shape: [2, 3], valueCount: 1),
                "shape [2, 3] (6 values) but 1 values"
            ),
            (
                .architectureMismatch(differences: [
                    .shapeMismatch(name: "0.weight", expected: [3, 2], found: [4, 2]),
                    .missing(name: "2.weight", shape: [1, 3]), .unexpected(name: "1.bias", shape: [1]),
                ]),
                "'0.weight' has shape [4, 2], expected [3, 2]\n  missing '2.weight' [1, 3]\n  unexpected '1.bias' [1]"
            ),
        ]
        for (error, phrase) in cases {
            XCTAssertTrue(
                EngineMessages.text(error).contains(phrase), "\(EngineMessages.text(error)) lacks '\(phrase)'"
            )
        }
    }

    /// The CSV and registry mistakes DataCSVTests and DataRegistryTests make, worded.
    func testEveryDataErrorIsWordedWithItsValues() {
        let cases: [(DataError, String)] = [
            (.emptyFile(source: "f.csv"), "header row"),
            (.noDataRows(source: "f.csv"), "no data rows"),
            (
                .wrongFieldCount(source: "f.csv", line: 3, expected: 3, found: 2),
                "f.csv, line 3: expected 3 fields"
            ),
            (
                .nonNumericValue(source: "f.csv", line: 4, column: 2, columnName: "b", text: "x5"),
                "line 4, column 2 ('b'): 'x5' is not a number"
            ),
            (.unknownLabelColumn(source: "f.csv", name: "species", columns: ["a", "b"]), "columns: a, b"),
            (.duplicateColumn(source: "f.csv", name: "a"), "appears twice"),
            (.noFeatureColumns(source: "f.csv", labelColumn: "a"), "no feature columns"),
            (.unterminatedQuote(source: "f.csv", line: 2), "line 2"),
            (
                .nonFiniteValue(source: "f.csv", line: 3, column: 1, columnName: "a", text: "nan"),
                "'nan' is not a finite number"
            ),
            (.unknownDataset(name: "ring", available: DatasetRegistry.names), "available: xor, and"),
            (
                .unknownOption(dataset: "circles", option: "size", valid: ["n", "noise", "factor"]),
                "valid: n, noise, factor"
            ),
            (.unknownOption(dataset: "xor", option: "n", valid: []), "takes no options"),
            (.optionNotWhole(dataset: "circles", option: "n", value: 2.5), "must be a whole number"),
            (
                .optionOutOfRange(dataset: "circles", option: "factor", value: 2, minimum: 0, maximum: 1),
                "between 0 and 1"
            ),
            (
                .optionOutOfRange(dataset: "moons", option: "noise", value: -1, minimum: 0, maximum: nil),
                "at least 0"
            ),
            (.tooFewExamples(dataset: "blobs", count: 2, minimum: 3), "at least 3"),
            (.encoderSizeNotPowerOfTwo(value: 12), "power of two"),
            (
                .raggedRow(dataset: "h", part: "inputs", row: 1, expected: 2, found: 1),
                "row 1 of the inputs of 'h' has 1 values, but row 0 has 2"
            ),
            (
                .unknownCharacter(source: "words f", line: 2, character: "é"),
                "'é', which is not in the vocabulary"
            ),
        ]
        for (error, phrase) in cases {
            XCTAssertTrue(
                EngineMessages.text(error).contains(phrase), "\(EngineMessages.text(error)) lacks '\(phrase)'"
            )
        }
    }

}
