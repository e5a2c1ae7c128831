import CVectorMath
import Foundation

/// The element type of a tensor: Float32 by default, Float64 for hand-checked
/// examples and gradient checks.
public enum DType: String, Sendable, CaseIterable {
    case float32
    case float64

    /// Bytes per element.
    public var byteCount: Int { self == .float32 ? 4 : 8 }
}

/// The scalar types the engine computes in. Kernels are written once, generic over
/// this protocol, and called with a concrete type so the compiler specialises them.
public protocol EngineScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable {
    /// The tensor element type this scalar stores.
    static var dtype: DType { get }
    /// e^x.
    static func exponential(_ x: Self) -> Self
    /// Natural logarithm.
    static func logarithm(_ x: Self) -> Self
    /// Hyperbolic tangent.
    static func hyperbolicTangent(_ x: Self) -> Self
    /// x^y.
    static func power(_ x: Self, _ y: Self) -> Self
    /// y = x·Φ(x) for `count` elements, the exact GELU (Φ the standard normal's
    /// distribution function).
    static func gelu(_ x: UnsafePointer<Self>, into y: UnsafeMutablePointer<Self>, count: Int)
    /// dx += dy·(Φ(x) + x·φ(x)) for `count` elements (φ the normal density), GELU's backward;
    /// `overwriting` writes 0 + dy·(…), what adding into a zeroed gradient gives, without
    /// reading dx.
    static func geluBackward(
        _ x: UnsafePointer<Self>, _ dy: UnsafePointer<Self>, into dx: UnsafeMutablePointer<Self>, count: Int,
        overwriting: Bool)
    /// C = (alpha·op(A)·op(B) + beta·C) + bias on row-major matrices, the same bits on
    /// every CPU (see `Sources/CGemm/include/backprop_gemm.h`).
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
        a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int, beta: Self,
        c: UnsafeMutablePointer<Self>, ldc: Int, bias: UnsafePointer<Self>?)
}

extension Float: EngineScalar {
    public static var dtype: DType { .float32 }
    public static func exponential(_ x: Float) -> Float { expf(x) }
    public static func logarithm(_ x: Float) -> Float { logf(x) }
    public static func hyperbolicTangent(_ x: Float) -> Float { tanhf(x) }
    public static func power(_ x: Float, _ y: Float) -> Float { powf(x, y) }
    // Φ and φ by plain float arithmetic, the same bits on every CPU, in C so that the loop
    // runs on AVX2 where the CPU has it (Sources/CVectorMath).
    public static func gelu(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        backprop_gelu_f32(x, y, count)
    }
    public static func geluBackward(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>,
        count: Int,
        overwriting: Bool
    ) {
        backprop_gelu_backward_f32(x, dy, dx, count, overwriting ? 1 : 0)
    }
}

extension Double: EngineScalar {
    public static var dtype: DType { .float64 }
    public static func exponential(_ x: Double) -> Double { exp(x) }
    public static func logarithm(_ x: Double) -> Double { log(x) }
    public static func hyperbolicTangent(_ x: Double) -> Double { tanh(x) }
    public static func power(_ x: Double, _ y: Double) -> Double { pow(x, y) }
    /// Φ(x) through libm's erf.
    static func normalCDF(_ x: Double) -> Double { (1 + erf(x * 0.5.squareRoot())) / 2 }
    /// φ(x).
    static func normalDensity(_ x: Double) -> Double { (1 / (2 * Double.pi).squareRoot()) * exp(-x * x / 2) }
    public static func gelu(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { y[i] = x[i] * normalCDF(x[i]) }
    }
    public static func geluBackward(
        _ x: UnsafePointer<Double>, _ dy: UnsafePointer<Double>, into dx: UnsafeMutablePointer<Double>,
        count: Int, overwriting: Bool
    ) {
        if overwriting { for i in 0..<count { dx[i] = 0 } }
        for i in 0..<count { dx[i] += dy[i] * (normalCDF(x[i]) + x[i] * normalDensity(x[i])) }
    }
}
