import Foundation
import XCTest

@testable import Engine

final class DataGeneratorTests: XCTestCase {
    func testBooleanTruthTables() {
        let expected: [BooleanFunction: [Double]] = [
            .xor: [0, 1, 1, 0], .and: [0, 0, 0, 1], .or: [0, 1, 1, 1],
        ]
        for (function, targets) in expected {
            let data = DatasetGenerators.boolean(function)
            XCTAssertEqual(data.inputs, [0, 0, 0, 1, 1, 0, 1, 1], "\(function)")
            XCTAssertEqual(data.targets, targets, "\(function)")
            XCTAssertEqual(data.task, .binary)
            XCTAssertEqual(data.count, 4)
        }
    }

    func testCirclesRadiiClassesAndSeed() {
        let data = DatasetGenerators.circles(count: 101, noise: 0, factor: 0.3, seed: 5)
        XCTAssertEqual(data.count, 101)
        XCTAssertEqual(data.featureCount, 2)
        XCTAssertEqual(data.summary().classCounts, [50, 51])
        for row in 0..<data.count {
            let point = data.input(row)
            let radius = (point.first! * point.first! + point.last! * point.last!).squareRoot()
            XCTAssertEqual(radius, data.target(row).first! == 0 ? 1 : 0.3, accuracy: 1e-12)
        }
        let again = DatasetGenerators.circles(count: 101, noise: 0.1, factor: 0.3, seed: 5)
        XCTAssertEqual(again, DatasetGenerators.circles(count: 101, noise: 0.1, factor: 0.3, seed: 5))
        XCTAssertNotEqual(
            again.inputs, DatasetGenerators.circles(count: 101, noise: 0.1, factor: 0.3, seed: 6).inputs)
    }

    func testMoonsLieOnTheirHalfCircles() {
        let data = DatasetGenerators.moons(count: 40, noise: 0, seed: 1)
        XCTAssertEqual(data.summary().classCounts, [20, 20])
        for row in 0..<data.count {
            let x = data.input(row).first!, y = data.input(row).last!
            if data.target(row).first! == 0 {
                XCTAssertEqual(x * x + y * y, 1, accuracy: 1e-12)
                XCTAssertGreaterThanOrEqual(y, -1e-12)
            } else {
                XCTAssertEqual((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5), 1, accuracy: 1e-12)
                XCTAssertLessThanOrEqual(y, 0.5 + 1e-12)
            }
        }
    }

    func testTwoSpiralsMatchLangAndWitbrock() {
        let data = DatasetGenerators.twoSpirals(noise: 0, seed: 0)
        XCTAssertEqual(data.count, 194)
        XCTAssertEqual(data.summary().classCounts, [97, 97])
        // First point of spiral 1: angle 0, radius 6.5, at (0, 6.5); its mirror is class 0.
        XCTAssertEqual(Array(data.input(0)), [0, 6.5])
        XCTAssertEqual(data.target(0).first, 1)
        XCTAssertEqual(Array(data.input(1)), [-0, -6.5])
        XCTAssertEqual(data.target(1).first, 0)
        // The last point has i = 96: radius 6.5 · 8 / 104 = 0.5 after three full turns.
        let last = data.input(192)
        XCTAssertEqual(last.first!, 0, accuracy: 1e-12)
        XCTAssertEqual(last.last!, 0.5, accuracy: 1e-12)
        for i in 0..<97 {
            let point = data.input(2 * i)
            let radius = (point.first! * point.first! + point.last! * point.last!).squareRoot()
            XCTAssertEqual(radius, 6.5 * Double(104 - i) / 104, accuracy: 1e-12)
            XCTAssertEqual(Array(data.input(2 * i + 1)), point.map { -$0 })
        }
    }

    func testBlobsBalanceAndCentres() {
        let data = DatasetGenerators.blobs(count: 301, centers: 3, std: 0.5, features: 3, seed: 9)
        XCTAssertEqual(data.featureCount, 3)
        XCTAssertEqual(data.task, .multiclass(classCount: 3))
        XCTAssertEqual(data.summary().classCounts, [101, 100, 100])
        // Every point lies within a few standard deviations of its class mean.
        let classes = try! data.classIndices()
        for label in 0..<3 {
            let members = classes.indices.filter { classes[$0] == label }
            let mean = (0..<3).map { f in
                members.map { data.input($0)[$0 * 3 + f] }.reduce(0, +) / Double(members.count)
            }
            for member in members {
                let distance = zip(data.input(member), mean).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
                    .squareRoot()
                XCTAssertLessThan(distance, 4)
            }
        }
        XCTAssertEqual(
            DatasetGenerators.blobs(count: 10, centers: 2, std: 1, features: 2, seed: 1).task, .binary)
    }

    func testSineIsSineWithoutNoise() {
        let data = DatasetGenerators.sine(count: 50, noise: 0, seed: 3)
        XCTAssertEqual(data.task, .regression)
        for row in 0..<data.count {
            let x = data.input(row).first!
            XCTAssertTrue((-Double.pi..<Double.pi).contains(x))
            XCTAssertEqual(data.target(row).first!, sin(x), accuracy: 1e-15)
        }
    }

    func testLinearFollowsItsStatedCoefficients() {
        let data = DatasetGenerators.linear(count: 30, features: 3, noise: 0, seed: 11)
        let truth = DatasetGenerators.linearCoefficients(features: 3, seed: 11)
        XCTAssertEqual(data.featureNames, ["x1", "x2", "x3"])
        for row in 0..<data.count {
            let expected = zip(truth.weights, data.input(row)).reduce(truth.bias) { $0 + $1.0 * $1.1 }
            XCTAssertEqual(data.target(row).first!, expected, accuracy: 1e-12)
        }
        XCTAssertTrue(data.source.contains(String(truth.bias)))
    }

    func testEncoderIsIdentity() throws {
        let data = try DatasetGenerators.encoder(size: 8)
        XCTAssertEqual(data.name, "encoder 8-3-8")
        XCTAssertEqual(data.count, 8)
        XCTAssertEqual(try data.oneHotTargets(), data.inputs)
        XCTAssertEqual(data.targets, (0..<8).map(Double.init))
        XCTAssertThrowsError(try DatasetGenerators.encoder(size: 6)) { error in
            XCTAssertEqual(error as? DataError, .encoderSizeNotPowerOfTwo(value: 6))
        }
    }

    func testShippedIris() throws {
        let iris = try DatasetGenerators.bundled(.iris)
        XCTAssertEqual(iris.count, 150)
        XCTAssertEqual(iris.featureCount, 4)
        XCTAssertEqual(iris.classNames, ["setosa", "versicolor", "virginica"])
        XCTAssertEqual(iris.task, .multiclass(classCount: 3))
        XCTAssertEqual(iris.summary().classCounts, [50, 50, 50])
        XCTAssertEqual(Array(iris.input(0)), [5.1, 3.5, 1.4, 0.2])
        // Fisher's figures, as scikit-learn's description gives them.
        let petalLength = iris.summary().features[2]
        XCTAssertEqual(petalLength.minimum, 1.0)
        XCTAssertEqual(petalLength.maximum, 6.9)
        XCTAssertEqual(petalLength.mean, 3.758, accuracy: 1e-9)
    }

    func testShippedDigits() throws {
        let digits = try DatasetGenerators.bundled(.digits)
        XCTAssertEqual(digits.count, 1797)
        XCTAssertEqual(digits.featureCount, 64)
        XCTAssertEqual(digits.classNames, (0...9).map(String.init))
        XCTAssertEqual(digits.task, .multiclass(classCount: 10))
        XCTAssertEqual(Array(digits.targets.prefix(10)), (0...9).map(Double.init))
        XCTAssertEqual(digits.summary().classCounts.reduce(0, +), 1797)
        XCTAssertEqual(digits.inputs.min(), 0)
        XCTAssertEqual(digits.inputs.max(), 16)
    }
}
