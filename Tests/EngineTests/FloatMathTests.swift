import CVectorMath
import Foundation
import XCTest

@testable import Engine

/// Float32 GELU's Φ, φ and e^x (Sources/CVectorMath), computed by plain arithmetic so their
/// bits do not depend on the CPU's C library or instruction set, stay within their documented
/// error of the Double truth over the whole range GELU meets, including the negative tail
/// where 1 + erf(x/√2) would cancel.
final class FloatMathTests: XCTestCase {
    /// Every 1/64 from −12 to 12, and the points where the formulas switch or clamp.
    private let arguments: [Float] =
        stride(from: -12.0, through: 12.0, by: 1.0 / 64).map { Float($0) } + [-87.4, -20, -13.5, 0, 13.5, 20]

    private func relativeError(_ value: Float, _ truth: Double) -> Double {
        truth == 0 ? Double(Swift.abs(value)) : Swift.abs(Double(value) - truth) / Swift.abs(truth)
    }

    func testNormalCDFKeepsItsRelativeAccuracyIntoTheTail() {
        for x in arguments {
            // Φ(x) = erfc(−x/√2)/2, exact in Double for these arguments.
            let truth = erfc(-Double(x) / 2.0.squareRoot()) / 2
            let value = backprop_normal_cdf_f32(x)
            if truth < Double(Float.leastNormalMagnitude) {
                XCTAssertLessThan(Double(value), 1e-37, "Φ(\(x))")
            } else {
                // In the tail the rounding of x²/2 in Float, about x²·2⁻²⁴ absolute in the exponent, is
                // the relative error of e^(−x²/2): 3.6e-6 at x = −6 (GELU −6e-9 there), 1e-5 at −12.
                let bound = 1e-6 + 1e-7 * Double(x * x)
                XCTAssertLessThan(relativeError(value, truth), bound, "Φ(\(x)) = \(value), truth \(truth)")
            }
        }
        XCTAssertEqual(backprop_normal_cdf_f32(0), 0.5, accuracy: 1e-7)
        XCTAssertEqual(backprop_normal_cdf_f32(20), 1)
    }

    func testNormalDensityMatchesDouble() {
        for x in arguments where Swift.abs(x) <= 13 {
            let truth = exp(-Double(x) * Double(x) / 2) / (2 * Double.pi).squareRoot()
            let bound = 1e-6 + 1e-7 * Double(x * x)
            XCTAssertLessThan(relativeError(backprop_normal_density_f32(x), truth), bound, "φ(\(x))")
        }
    }

    func testExponentialIsWithinAFewUnitsInTheLastPlace() {
        for x in stride(from: -87.0, through: 0.0, by: 0.0371).map({ Float($0) }) + [0, -1e-8, -87.3] {
            let truth = exp(Double(x))
            let value = backprop_exp_nonpositive_f32(x)
            XCTAssertLessThanOrEqual(Swift.abs(Double(value) - truth), 2 * Double(Float(truth).ulp), "e^\(x)")
        }
        // Below the smallest normal exponent it clamps, never returning 0, inf or nan.
        let clamped = backprop_exp_nonpositive_f32(-1000)
        XCTAssertTrue(clamped.isFinite && clamped > 0)
    }

    /// The engine's Float32 GELU and its derivative, through EngineScalar's loops, agree with
    /// Double's.
    func testGELUAndItsDerivativeAgreeWithDouble() {
        let xs = arguments.filter { Swift.abs($0) <= 10 }
        let doubles = xs.map(Double.init)
        var floatGELU = [Float](repeating: 0, count: xs.count)
        var doubleGELU = [Double](repeating: 0, count: xs.count)
        var floatSlope = [Float](repeating: .nan, count: xs.count)
        var doubleSlope = [Double](repeating: .nan, count: xs.count)
        Float.gelu(xs, into: &floatGELU, count: xs.count)
        Double.gelu(doubles, into: &doubleGELU, count: xs.count)
        Float.geluBackward(
            xs, [Float](repeating: 1, count: xs.count), into: &floatSlope, count: xs.count, overwriting: true)
        Double.geluBackward(
            doubles, [Double](repeating: 1, count: xs.count), into: &doubleSlope, count: xs.count,
            overwriting: true)
        for i in xs.indices {
            let (gelu, slope) = (doubleGELU[i], doubleSlope[i])
            XCTAssertEqual(
                Double(floatGELU[i]), gelu, accuracy: 1e-6 * Swift.max(1, Swift.abs(gelu)), "\(xs[i])")
            XCTAssertEqual(
                Double(floatSlope[i]), slope, accuracy: 1e-6 * Swift.max(1, Swift.abs(slope)), "\(xs[i])")
        }
    }

    /// The loops on the CPU's instruction set (AVX2 here) give the bits of the one scalar
    /// definition compiled for the baseline: every float from −12 to 12 seven units apart,
    /// forward, and backward both adding into a gradient and overwriting it.
    func testTheVectorLoopsGiveTheScalarDefinitionsBits() {
        var xs: [Float] = []
        var x: Float = -12
        while x < 12 {
            xs.append(x)
            for _ in 0..<7 { x = x.nextUp }
            if xs.count.isMultiple(of: 1 << 20) { x += 0.01 }
        }
        xs += [0, -0.0, .leastNormalMagnitude, -100, 100, .infinity, -.infinity]
        let dy = xs.indices.map { Float($0 % 7) * 0.37 - 1 }
        var y = [Float](repeating: 0, count: xs.count)
        var added = [Float](repeating: 0.25, count: xs.count)
        var written = [Float](repeating: .nan, count: xs.count)
        backprop_gelu_f32(xs, &y, xs.count)
        backprop_gelu_backward_f32(xs, dy, &added, xs.count, 0)
        backprop_gelu_backward_f32(xs, dy, &written, xs.count, 1)
        var mismatches: [Float] = []
        for (i, x) in xs.enumerated() {
            let slope = dy[i] * (backprop_normal_cdf_f32(x) + x * backprop_normal_density_f32(x))
            var sum: Float = 0.25
            sum += slope
            if y[i].bitPattern != (x * backprop_normal_cdf_f32(x)).bitPattern
                || added[i].bitPattern != sum.bitPattern || written[i].bitPattern != (0 + slope).bitPattern
            {
                mismatches.append(x)
            }
        }
        XCTAssertGreaterThan(xs.count, 3_000_000)
        XCTAssertEqual(mismatches.prefix(5), [], "kernel \(gemmKernel)")
    }
}
