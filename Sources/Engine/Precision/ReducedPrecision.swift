/// The 16-bit floating-point formats of mixed-precision training, rounded to by hand with
/// round-to-nearest-even on the bits (not by the CPU's or Swift's `Float16`, whose
/// availability differs between platforms), so a seed gives the same bits everywhere.
///
/// A Float64 value is rounded through Float32 first, as PyTorch's `Half(float)` and
/// `BFloat16(float)` constructors convert it (`x.to(torch.float16)` of a float64 tensor).
public enum ReducedPrecision: String, Sendable, CaseIterable {
    /// IEEE 754 binary16: 5 exponent bits, 10 mantissa bits, largest 65504, subnormals down to 2⁻²⁴.
    case float16 = "f16"
    /// bfloat16: Float32's 8 exponent bits with 7 mantissa bits, largest about 3.39e38.
    case bfloat16 = "bf16"

    /// The format's 16 bits for `value`, rounded to nearest, ties to even; infinities stay
    /// infinite, a NaN becomes the format's quiet NaN with the same sign.
    public func bits(of value: Float) -> UInt16 {
        switch self {
        case .float16: return Self.halfBits(value.bitPattern)
        case .bfloat16: return Self.brainBits(value.bitPattern)
        }
    }

    /// The exact Float32 value of the format's 16 bits.
    public func value(ofBits bits: UInt16) -> Float {
        switch self {
        case .float16: return Self.halfValue(bits)
        case .bfloat16: return Float(bitPattern: UInt32(bits) << 16)
        }
    }

    /// `value` rounded to the format and read back as a Float32.
    @inline(__always)
    public func round(_ value: Float) -> Float { self.value(ofBits: bits(of: value)) }

    /// `value` rounded to the format (through Float32, as PyTorch converts) and read back.
    @inline(__always)
    public func round(_ value: Double) -> Double { Double(round(Float(value))) }

    /// The largest finite value of the format.
    public var greatestFiniteMagnitude: Double {
        switch self {
        case .float16: return 65504
        case .bfloat16: return Double(Float(bitPattern: 0x7F7F_0000))
        }
    }

    /// Float32 bits to binary16 bits.
    private static func halfBits(_ bits: UInt32) -> UInt16 {
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        let mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF {
            return sign | (mantissa == 0 ? 0x7C00 : 0x7E00)
        }
        let unbiased = exponent - 127
        // 2¹⁶ and above rounds to infinity whatever the mantissa (65520 and above do too,
        // by the carry of the rounding below).
        if unbiased > 15 { return sign | 0x7C00 }
        if unbiased >= -14 {
            // A normal binary16: keep 10 of the 23 mantissa bits, round on the 13 dropped.
            var half = UInt32(unbiased + 15) << 10 | (mantissa >> 13)
            let dropped = mantissa & 0x1FFF
            if dropped > 0x1000 || (dropped == 0x1000 && half & 1 == 1) { half += 1 }
            return sign | UInt16(half)
        }
        // Below 2⁻²⁵ nothing is left: the nearest is zero (2⁻²⁵ itself is a tie, to the even 0).
        if unbiased < -25 { return sign }
        // A subnormal binary16 k·2⁻²⁴: the full 24-bit significand shifted right, rounded on
        // the bits shifted out; a carry to 0x400 is the smallest normal, encoded the same way.
        let significand = mantissa | 0x80_0000
        let shift = UInt32(-unbiased - 1)
        var half = significand >> shift
        let dropped = significand & ((1 << shift) - 1)
        let halfway = UInt32(1) << (shift - 1)
        if dropped > halfway || (dropped == halfway && half & 1 == 1) { half += 1 }
        return sign | UInt16(half)
    }

    /// Binary16 bits to the Float32 of the same value (every binary16 is a Float32).
    private static func halfValue(_ bits: UInt16) -> Float {
        let negative = bits & 0x8000 != 0
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = Float(bits & 0x3FF)
        let magnitude: Float
        switch exponent {
        case 0: magnitude = mantissa * 0x1p-24
        case 0x1F: magnitude = mantissa == 0 ? .infinity : .nan
        default: magnitude = (1024 + mantissa) * Float(sign: .plus, exponent: exponent - 25, significand: 1)
        }
        return negative ? -magnitude : magnitude
    }

    /// Float32 bits to bfloat16 bits: the upper half, rounded on the lower.
    private static func brainBits(_ bits: UInt32) -> UInt16 {
        if bits & 0x7FFF_FFFF > 0x7F80_0000 {
            return UInt16(bits >> 16) | 0x0040
        }
        // Adding 0x7FFF, plus 1 when the kept half is odd, carries exactly when the dropped
        // half is above the tie, or at the tie with an odd kept half; a carry out of the
        // largest finite value reaches the infinity's bits.
        let rounding = 0x7FFF + ((bits >> 16) & 1)
        return UInt16((bits &+ rounding) >> 16)
    }
}
