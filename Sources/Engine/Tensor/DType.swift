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
    /// Φ(x), the standard normal's distribution function (GELU's gate).
    static func normalCDF(_ x: Self) -> Self
    /// φ(x), the standard normal's density (Φ's derivative).
    static func normalDensity(_ x: Self) -> Self
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
    // Inlined into the loops that call them, which then vectorise.
    @inline(__always) public static func normalCDF(_ x: Float) -> Float { PortableFloatMath.normalCDF(x) }
    @inline(__always) public static func normalDensity(_ x: Float) -> Float {
        PortableFloatMath.normalDensity(x)
    }
}

extension Double: EngineScalar {
    public static var dtype: DType { .float64 }
    public static func exponential(_ x: Double) -> Double { exp(x) }
    public static func logarithm(_ x: Double) -> Double { log(x) }
    public static func hyperbolicTangent(_ x: Double) -> Double { tanh(x) }
    public static func power(_ x: Double, _ y: Double) -> Double { pow(x, y) }
    public static func normalCDF(_ x: Double) -> Double { (1 + erf(x * 0.5.squareRoot())) / 2 }
    public static func normalDensity(_ x: Double) -> Double {
        (1 / (2 * Double.pi).squareRoot()) * exp(-x * x / 2)
    }
}
