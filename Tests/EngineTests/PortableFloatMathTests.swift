import Foundation
import XCTest

@testable import Engine

/// Float32 GELU's Φ, φ and e^x, computed by plain arithmetic so their bits do not depend on
/// the CPU's C library, stay within their documented error of the Double truth over the
/// whole range GELU meets, including the negative tail where 1 + erf(x/√2) would cancel.
final class PortableFloatMathTests: XCTestCase {
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
            let value = PortableFloatMath.normalCDF(x)
            if truth < Double(Float.leastNormalMagnitude) {
                XCTAssertLessThan(Double(value), 1e-37, "Φ(\(x))")
            } else {
                // In the tail the rounding of x²/2 in Float, about x²·2⁻²⁴ absolute in the exponent, is
                // the relative error of e^(−x²/2): 3.6e-6 at x = −6 (GELU −6e-9 there), 1e-5 at −12.
                let bound = 1e-6 + 1e-7 * Double(x * x)
                XCTAssertLessThan(relativeError(value, truth), bound, "Φ(\(x)) = \(value), truth \(truth)")
            }
        }
        XCTAssertEqual(PortableFloatMath.normalCDF(0), 0.5, accuracy: 1e-7)
        XCTAssertEqual(PortableFloatMath.normalCDF(20), 1)
    }

    func testNormalDensityMatchesDouble() {
        for x in arguments where Swift.abs(x) <= 13 {
            let truth = exp(-Double(x) * Double(x) / 2) / (2 * Double.pi).squareRoot()
            let bound = 1e-6 + 1e-7 * Double(x * x)
            XCTAssertLessThan(relativeError(PortableFloatMath.normalDensity(x), truth), bound, "φ(\(x))")
        }
    }

    func testExponentialIsWithinAFewUnitsInTheLastPlace() {
        for x in stride(from: -87.0, through: 0.0, by: 0.0371).map({ Float($0) }) + [0, -1e-8, -87.3] {
            let truth = exp(Double(x))
            let value = PortableFloatMath.exponential(x)
            XCTAssertLessThanOrEqual(Swift.abs(Double(value) - truth), 2 * Double(Float(truth).ulp), "e^\(x)")
        }
        // Below the smallest normal exponent it clamps, never returning 0, inf or nan.
        let clamped = PortableFloatMath.exponential(-1000)
        XCTAssertTrue(clamped.isFinite && clamped > 0)
    }

    /// The engine's Float32 GELU and its derivative, through EngineScalar, agree with Double's.
    func testGELUAndItsDerivativeAgreeWithDouble() {
        for x in arguments where Swift.abs(x) <= 10 {
            let cdf = Double.normalCDF(Double(x))
            let gelu = Double(x) * cdf
            let slope = cdf + Double(x) * Double.normalDensity(Double(x))
            XCTAssertEqual(
                Double(x * Float.normalCDF(x)), gelu, accuracy: 1e-6 * Swift.max(1, Swift.abs(gelu)))
            let floatSlope = Float.normalCDF(x) + x * Float.normalDensity(x)
            XCTAssertEqual(Double(floatSlope), slope, accuracy: 1e-6 * Swift.max(1, Swift.abs(slope)))
        }
    }
}
