import XCTest

@testable import Engine

final class RandomSourceTests: XCTestCase {
    func testSameSeedGivesSameSequence() {
        var a = RandomSource(seed: 42)
        var b = RandomSource(seed: 42)
        for _ in 0..<1000 { XCTAssertEqual(a.next(), b.next()) }
    }

    func testDifferentSeedsDiffer() {
        var a = RandomSource(seed: 1)
        var b = RandomSource(seed: 2)
        XCTAssertNotEqual((0..<4).map { _ in a.next() }, (0..<4).map { _ in b.next() })
    }

    func testUniformAndNormalMoments() {
        var rng = RandomSource(seed: 7)
        let n = 200_000
        let uniforms = (0..<n).map { _ in rng.nextUniform() }
        XCTAssertTrue(uniforms.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(uniforms.reduce(0, +) / Double(n), 0.5, accuracy: 0.005)
        let normals = (0..<n).map { _ in rng.nextNormal() }
        let mean = normals.reduce(0, +) / Double(n)
        let variance = normals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
        XCTAssertEqual(mean, 0, accuracy: 0.01)
        XCTAssertEqual(variance, 1, accuracy: 0.02)
    }

    func testPermutationHoldsEveryIndexOnce() {
        var rng = RandomSource(seed: 3)
        let order = rng.permutation(100)
        XCTAssertEqual(order.sorted(), Array(0..<100))
        XCTAssertNotEqual(order, Array(0..<100))
    }
}
