import XCTest

@testable import Engine

/// The sizes a caller checks against a memory budget before allocating must be the sizes it gets.
final class MemoryEstimateTests: XCTestCase {
    func testEveryBuiltInDataSetsShapeIsKnownBeforeItIsMade() throws {
        let options: [String: [String: Double]] = [
            "blobs": ["n": 30, "features": 5, "centers": 3], "linear": ["n": 12, "features": 3],
            "encoder": ["n": 16], "circles": ["n": 10], "moons": ["n": 14], "sine": ["n": 9],
        ]
        for entry in DatasetRegistry.builtIns {
            for values in [[:], options[entry.name] ?? [:]] {
                let made = try entry.make(options: values, seed: 1)
                let shape = entry.shape(options: values)
                XCTAssertEqual(shape.examples, made.count, "\(entry.name) \(values)")
                XCTAssertEqual(
                    shape.valuesPerExample, made.featureCount + made.targetWidth, "\(entry.name) \(values)")
            }
        }
        // Asked for before any check, a huge request is only arithmetic.
        let encoder = try DatasetRegistry.builtIn(named: "encoder").shape(options: ["n": 524_288])
        XCTAssertEqual(encoder.examples, 524_288)
        XCTAssertEqual(encoder.valuesPerExample, 524_289)
    }

    func testAPlansSizeIsKnownBeforeItIsBuilt() throws {
        for spec in [
            "2 -> 8 tanh -> 3 softmax", "4 -> 16 relu -> dropout 0.5 -> 1 sigmoid", "3 -> layernorm -> 2",
        ] {
            for loss in [Loss(.mse), Loss(.crossEntropy)] where spec.hasSuffix("softmax") || loss.kind == .mse
            {
                let network = try Network(spec)
                XCTAssertEqual(network.planByteCount, 0)
                let estimate = try network.estimatedPlanBytes(batchSize: 50, loss: loss)
                XCTAssertEqual(network.planByteCount, 0, "the estimate keeps no plan")
                _ = try network.plan(batchSize: 50, loss: loss)
                XCTAssertTrue(network.hasPlan(batchSize: 50, loss: loss))
                let actual = network.planByteCount
                // Only the loss's scalar nodes do not grow with the rows, so it errs a little high.
                XCTAssertGreaterThanOrEqual(estimate, actual, spec)
                XCTAssertLessThanOrEqual(Double(estimate), Double(actual) * 1.1, spec)
            }
        }
    }
}
