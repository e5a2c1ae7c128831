/// The element types a safetensors file may hold that the engine understands.
///
/// F64 and F32 are read and written; F16 and BF16 (common in downloaded
/// checkpoints) are read and widened, but never written.
public enum SafetensorsDType: String, Sendable, CaseIterable, Equatable {
    case f64 = "F64"
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"

    /// Bytes per element.
    public var byteWidth: Int {
        switch self {
        case .f64: 8
        case .f32: 4
        case .f16, .bf16: 2
        }
    }

    /// Whether the engine can write this type.
    public var isWritable: Bool { self == .f64 || self == .f32 }

    /// Appends `value` in this type, little-endian (only for writable types).
    func append(_ value: Double, to bytes: inout [UInt8]) {
        switch self {
        case .f64: appendLittleEndian(value.bitPattern, to: &bytes)
        case .f32: appendLittleEndian(Float(value).bitPattern, to: &bytes)
        case .f16, .bf16: preconditionFailure("\(rawValue) is read-only")
        }
    }

    /// The element starting at `offset` in `bytes`, widened to Double.
    func value(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Double {
        switch self {
        case .f64:
            return Double(bitPattern: readLittleEndian(UInt64.self, bytes, offset))
        case .f32:
            return Double(Float(bitPattern: readLittleEndian(UInt32.self, bytes, offset)))
        case .bf16:
            // bfloat16 is the top half of a float32.
            let bits = UInt32(readLittleEndian(UInt16.self, bytes, offset)) << 16
            return Double(Float(bitPattern: bits))
        case .f16:
            return halfToDouble(readLittleEndian(UInt16.self, bytes, offset))
        }
    }
}

private func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
    var little = value.littleEndian
    withUnsafeBytes(of: &little) { bytes.append(contentsOf: $0) }
}

private func readLittleEndian<T: FixedWidthInteger>(
    _ type: T.Type, _ bytes: UnsafeRawBufferPointer, _ offset: Int
)
    -> T
{
    T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
}

/// IEEE 754 binary16 to Double, by hand because `Float16` is missing on Intel Macs.
private func halfToDouble(_ bits: UInt16) -> Double {
    let sign: Double = bits & 0x8000 == 0 ? 1 : -1
    let exponent = Int((bits >> 10) & 0x1F)
    let fraction = Double(bits & 0x3FF)
    switch exponent {
    case 0: return sign * fraction * 0x1p-24
    case 0x1F: return fraction == 0 ? sign * .infinity : .nan
    default:
        return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
    }
}
