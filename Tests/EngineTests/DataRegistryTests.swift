import XCTest

@testable import Engine

final class DataRegistryTests: XCTestCase {
    func testEveryBuiltInMakesItsDefaultAndIsReproducible() throws {
        XCTAssertEqual(
            DatasetRegistry.names,
            [
                "xor", "and", "or", "circles", "moons", "spiral", "blobs", "sine", "linear", "encoder",
                "iris", "digits",
            ])
        for entry in DatasetRegistry.builtIns {
            XCTAssertFalse(entry.summary.isEmpty)
            let first = try entry.make(seed: 42)
            XCTAssertGreaterThan(first.count, 0, entry.name)
            XCTAssertEqual(try entry.make(seed: 42), first, entry.name)
            if entry.usesSeed, entry.name != "spiral" {
                XCTAssertNotEqual(try entry.make(seed: 43).inputs, first.inputs, entry.name)
            }
        }
    }

    func testOptionsDescribeThemselvesForHelp() throws {
        let circles = try DatasetRegistry.builtIn(named: "circles")
        XCTAssertEqual(circles.options.map(\.name), ["n", "noise", "factor"])
        XCTAssertEqual(circles.options.map(\.defaultValue), [200, 0.05, 0.5])
        XCTAssertEqual(circles.options.map(\.isWholeNumber), [true, false, false])
        XCTAssertEqual(circles.options[2].maximum, 1)
        XCTAssertTrue(DatasetRegistry.builtIns.flatMap(\.options).allSatisfy { !$0.summary.isEmpty })
        XCTAssertEqual(try DatasetRegistry.builtIn(named: "iris").options, [])
        XCTAssertFalse(try DatasetRegistry.builtIn(named: "xor").usesSeed)
        // Defaults are applied when options are left out.
        XCTAssertEqual(
            try DatasetRegistry.make("circles", seed: 5),
            DatasetGenerators.circles(count: 200, noise: 0.05, factor: 0.5, seed: 5))
    }

    func testOptionsOverrideDefaults() throws {
        let ring = try DatasetRegistry.make("circles", options: ["n": 200, "noise": 0.1], seed: 1)
        XCTAssertEqual(ring.count, 200)
        XCTAssertEqual(try DatasetRegistry.make("encoder", options: ["n": 4], seed: 0).count, 4)
        XCTAssertEqual(try DatasetRegistry.make("linear", options: ["features": 5], seed: 0).featureCount, 5)
    }

    func testErrorsCarryTheValidChoices() {
        let cases: [(String, [String: Double], DataError, String)] = [
            (
                "ring", [:], .unknownDataset(name: "ring", available: DatasetRegistry.names),
                "available: xor, and"
            ),
            (
                "circles", ["size": 3],
                .unknownOption(dataset: "circles", option: "size", valid: ["n", "noise", "factor"]),
                "valid: n, noise, factor"
            ),
            ("xor", ["n": 3], .unknownOption(dataset: "xor", option: "n", valid: []), "takes no options"),
            (
                "circles", ["n": 2.5], .optionNotWhole(dataset: "circles", option: "n", value: 2.5),
                "must be a whole number"
            ),
            (
                "circles", ["factor": 2],
                .optionOutOfRange(dataset: "circles", option: "factor", value: 2, minimum: 0, maximum: 1),
                "between 0 and 1"
            ),
            (
                "moons", ["noise": -1],
                .optionOutOfRange(dataset: "moons", option: "noise", value: -1, minimum: 0, maximum: nil),
                "at least 0"
            ),
            (
                "blobs", ["n": 2, "centers": 3], .tooFewExamples(dataset: "blobs", count: 2, minimum: 3),
                "at least 3"
            ),
            ("encoder", ["n": 12], .encoderSizeNotPowerOfTwo(value: 12), "power of two"),
        ]
        // The phrase each case names is the Language's wording, checked in EngineMessageTextTests.
        for (name, options, expected, _) in cases {
            XCTAssertThrowsError(try DatasetRegistry.make(name, options: options, seed: 0)) { error in
                XCTAssertEqual(error as? DataError, expected)
            }
        }
    }
}
