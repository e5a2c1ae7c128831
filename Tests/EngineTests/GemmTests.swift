import XCTest

@testable import Engine

/// The engine's matrix product gives exactly the bits of the plain loop it documents
/// (each sum one chain of fused multiply-adds in the order of k), whatever the shape,
/// transposes, blocking edges or thread split: that loop's result is fixed by IEEE 754,
/// so the product is the same on every CPU.
final class GemmTests: XCTestCase {
    /// The documented loop: s = fma(a, b, s) over p, then (alpha·s + beta·c) + bias.
    private func reference<S: EngineScalar>(
        _ transposeA: Bool, _ transposeB: Bool, m: Int, n: Int, k: Int, alpha: S, a: [S], b: [S], beta: S,
        c: [S], bias: [S]?
    ) -> [S] {
        var out = c
        for i in 0..<m {
            for j in 0..<n {
                var sum: S = 0
                for p in 0..<k {
                    let x = transposeA ? a[p * m + i] : a[i * k + p]
                    let y = transposeB ? b[j * k + p] : b[p * n + j]
                    sum = sum.addingProduct(x, y)
                }
                var value = alpha * sum
                if beta != 0 { value = value + beta * c[i * n + j] }
                if let bias { value = value + bias[j] }
                out[i * n + j] = value
            }
        }
        return out
    }

    private func sameBits<S: EngineScalar>(_ x: S, _ y: S) -> Bool {
        x.sign == y.sign && x.exponentBitPattern == y.exponentBitPattern
            && x.significandBitPattern == y.significandBitPattern
    }

    private func randomValues<S: EngineScalar>(_ count: Int, _ random: inout RandomSource) -> [S] {
        (0..<count).map { _ in S(random.nextNormal()) }
    }

    private func check<S: EngineScalar>(
        _: S.Type, m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, alpha: S, beta: S,
        withBias: Bool, parallel: Bool, random: inout RandomSource, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        let a: [S] = randomValues(m * k, &random)
        let b: [S] = randomValues(k * n, &random)
        let start: [S] = randomValues(m * n, &random)
        let bias: [S]? = withBias ? randomValues(n, &random) : nil
        let expected = reference(
            transposeA, transposeB, m: m, n: n, k: k, alpha: alpha, a: a, b: b, beta: beta, c: start,
            bias: bias)
        var c = start
        let biasValues = bias ?? []
        let (lda, ldb) = (transposeA ? m : k, transposeB ? k : n)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                biasValues.withUnsafeBufferPointer { biasBuffer in
                    c.withUnsafeMutableBufferPointer { c in
                        let biasPointer = withBias ? biasBuffer.baseAddress : nil
                        let product = parallel ? S.parallelGemm : S.gemm
                        product(
                            transposeA, transposeB, m, n, k, alpha, a.baseAddress!, lda, b.baseAddress!, ldb,
                            beta,
                            c.baseAddress!, n, biasPointer)
                    }
                }
            }
        }
        let mismatches = c.indices.filter { !sameBits(c[$0], expected[$0]) }
        XCTAssertTrue(
            mismatches.isEmpty,
            "\(S.self) m=\(m) n=\(n) k=\(k) tA=\(transposeA) tB=\(transposeB) alpha=\(alpha) beta=\(beta) "
                + "bias=\(withBias): \(mismatches.count) elements differ, first at \(mismatches.first ?? -1)",
            file: file, line: line)
    }

    /// Sizes on both sides of every blocking edge: the register tile (6 x 16 floats,
    /// 6 x 8 doubles), the row block (72) and the k block (256).
    private let shapes = [
        (1, 1, 1), (5, 7, 3), (6, 16, 256), (7, 17, 257), (13, 33, 100), (72, 8, 513), (73, 40, 300),
        (150, 31, 600),
    ]

    func testFloatProductsEqualTheDocumentedLoopBitForBit() {
        var random = RandomSource(seed: 1)
        for (m, n, k) in shapes {
            for (transposeA, transposeB) in [(false, false), (false, true), (true, false), (true, true)] {
                check(
                    Float.self, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, alpha: 1,
                    beta: 0, withBias: false, parallel: false, random: &random)
            }
            check(
                Float.self, m: m, n: n, k: k, transposeA: false, transposeB: false, alpha: 1, beta: 0,
                withBias: true, parallel: false, random: &random)
            check(
                Float.self, m: m, n: n, k: k, transposeA: true, transposeB: false, alpha: 1, beta: 1,
                withBias: false, parallel: false, random: &random)
            check(
                Float.self, m: m, n: n, k: k, transposeA: false, transposeB: true, alpha: 0.5, beta: -2,
                withBias: true, parallel: false, random: &random)
            check(
                Float.self, m: m, n: n, k: k, transposeA: true, transposeB: true, alpha: 0.5, beta: 0,
                withBias: false, parallel: false, random: &random)
        }
    }

    func testDoubleProductsEqualTheDocumentedLoopBitForBit() {
        var random = RandomSource(seed: 2)
        for (m, n, k) in shapes {
            for (transposeA, transposeB) in [(false, false), (false, true), (true, false), (true, true)] {
                check(
                    Double.self, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, alpha: 1,
                    beta: 0, withBias: false, parallel: false, random: &random)
            }
            check(
                Double.self, m: m, n: n, k: k, transposeA: false, transposeB: false, alpha: 1, beta: 1,
                withBias: true, parallel: false, random: &random)
        }
    }

    /// The worker pool splits C's rows or columns; each element's sum is untouched.
    func testSplittingOverThreadsChangesNoBit() {
        var random = RandomSource(seed: 3)
        for (m, n, k) in [(256, 64, 300), (40, 1024, 128), (512, 512, 64)] {
            check(
                Float.self, m: m, n: n, k: k, transposeA: false, transposeB: false, alpha: 1, beta: 0,
                withBias: true, parallel: true, random: &random)
            check(
                Float.self, m: m, n: n, k: k, transposeA: true, transposeB: false, alpha: 1, beta: 1,
                withBias: false, parallel: true, random: &random)
        }
    }

    func testNonFiniteValuesPropagateAsInTheLoop() {
        let a: [Float] = [.infinity, 1, .nan, 2] + Array(repeating: 1, count: 60)
        let b: [Float] = Array(repeating: 0, count: 64 * 20)
        var c = [Float](repeating: 7, count: 16 * 20)
        Float.gemm(
            transposeA: false, transposeB: false, m: 16, n: 20, k: 4, alpha: 1, a: a, lda: 4, b: b, ldb: 20,
            beta: 0, c: &c, ldc: 20, bias: nil)
        XCTAssertTrue(c[0].isNaN, "inf · 0 is NaN")
        XCTAssertEqual(c[20], 0, "a finite row times zeros is zero, whatever C held (beta 0 does not read C)")
    }

    func testTheKernelIsNamed() {
        XCTAssertTrue(["avx2", "portable"].contains(gemmKernel), gemmKernel)
    }
}
