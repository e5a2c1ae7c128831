/// A fixed-size, 64-byte aligned block of scalars of one dtype, zeroed at birth.
///
/// Tensors own their storage through this class so the training loop can reuse the
/// same memory on every step instead of allocating arrays.
final class TensorBuffer {
    let dtype: DType
    let count: Int
    let raw: UnsafeMutableRawPointer

    init(dtype: DType, count: Int) {
        self.dtype = dtype
        self.count = count
        let bytes = max(count, 1) * dtype.byteCount
        raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
    }

    deinit { raw.deallocate() }

    /// The storage seen as scalars of type `S` (which must match `dtype`).
    @inline(__always)
    func pointer<S: EngineScalar>(_: S.Type) -> UnsafeMutablePointer<S> {
        raw.assumingMemoryBound(to: S.self)
    }

    /// A new buffer holding the same values.
    func copy() -> TensorBuffer {
        let twin = TensorBuffer(dtype: dtype, count: count)
        twin.raw.copyMemory(from: raw, byteCount: max(count, 1) * dtype.byteCount)
        return twin
    }

    /// Sets every element to zero.
    func zero() {
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1) * dtype.byteCount)
    }

    /// Reads element `index` as a Double.
    func element(_ index: Int) -> Double {
        switch dtype {
        case .float32: Double(pointer(Float.self)[index])
        case .float64: pointer(Double.self)[index]
        }
    }

    /// Writes element `index` from a Double (rounded to Float32 where needed).
    func setElement(_ index: Int, _ value: Double) {
        switch dtype {
        case .float32: pointer(Float.self)[index] = Float(value)
        case .float64: pointer(Double.self)[index] = value
        }
    }

    /// Writes `values` (count must match) converting once per element, without a dtype switch inside the loop.
    func load(_ values: [Double]) {
        precondition(values.count == count)
        values.withUnsafeBufferPointer { source in
            switch dtype {
            case .float32:
                let target = pointer(Float.self)
                for index in 0..<count { target[index] = Float(source[index]) }
            case .float64:
                let target = pointer(Double.self)
                for index in 0..<count { target[index] = source[index] }
            }
        }
    }

    /// Copies all elements from `other` (same dtype and count).
    func copy(from other: TensorBuffer) {
        precondition(other.count == count && other.dtype == dtype)
        raw.copyMemory(from: other.raw, byteCount: count * dtype.byteCount)
    }
}

extension TensorBuffer {
    /// Whether every element is a finite number. One branch-free pass: x·0 is 0 for a finite x
    /// and NaN for an infinity or a NaN, and a NaN survives the sum.
    func allFinite() -> Bool {
        switch dtype {
        case .float32: return Self.sumOfZeros(pointer(Float.self), count) == 0
        case .float64: return Self.sumOfZeros(pointer(Double.self), count) == 0
        }
    }

    private static func sumOfZeros<S: EngineScalar>(_ values: UnsafeMutablePointer<S>, _ count: Int) -> S {
        var total: S = 0
        for index in 0..<count { total += values[index] * 0 }
        return total
    }
}
