/// The elementwise functions of two tensors, with broadcasting.
public enum BinaryFunction: String, Sendable {
    case add, subtract, multiply, divide
    /// Elementwise maximum; on ties the gradient is split evenly, as PyTorch.
    case maximum
}

struct BinaryOperation: ScalarOperation {
    let function: BinaryFunction
    let leftMap: BroadcastMap
    let rightMap: BroadcastMap

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let a = node.inputs[0].values(S.self)
        let b = node.inputs[1].values(S.self)
        let y = node.values(S.self)
        let n = node.count
        if case .identity = leftMap, case .identity = rightMap {
            switch function {
            case .add: for i in 0..<n { y[i] = a[i] + b[i] }
            case .subtract: for i in 0..<n { y[i] = a[i] - b[i] }
            case .multiply: for i in 0..<n { y[i] = a[i] * b[i] }
            case .divide: for i in 0..<n { y[i] = a[i] / b[i] }
            case .maximum: for i in 0..<n { y[i] = Swift.max(a[i], b[i]) }
            }
            return
        }
        if function == .add, case .identity = leftMap, case .suffix(let width) = rightMap {
            // The bias add of every dense layer: rows of a plus the one row b, without a modulo per element.
            for row in 0..<(n / width) {
                let base = row * width
                for j in 0..<width { y[base + j] = a[base + j] + b[j] }
            }
            return
        }
        if function == .multiply, case .identity = leftMap, case .suffix(let width) = rightMap {
            // A layer norm's gain: rows of a times the one row b.
            for row in 0..<(n / width) {
                let base = row * width
                for j in 0..<width { y[base + j] = a[base + j] * b[j] }
            }
            return
        }
        switch function {
        case .add: for i in 0..<n { y[i] = a[leftMap.index(i)] + b[rightMap.index(i)] }
        case .subtract: for i in 0..<n { y[i] = a[leftMap.index(i)] - b[rightMap.index(i)] }
        case .multiply: for i in 0..<n { y[i] = a[leftMap.index(i)] * b[rightMap.index(i)] }
        case .divide: for i in 0..<n { y[i] = a[leftMap.index(i)] / b[rightMap.index(i)] }
        case .maximum: for i in 0..<n { y[i] = Swift.max(a[leftMap.index(i)], b[rightMap.index(i)]) }
        }
    }

    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let left = node.inputs[0]
        let right = node.inputs[1]
        let a = left.values(S.self)
        let b = right.values(S.self)
        let dy = node.gradients(S.self)
        let n = node.count
        if left.requiresGrad {
            if case .identity = leftMap, function == .add || function == .subtract {
                let (da, beta) = left.gradientsForOverwrite(S.self)
                if beta == 0 {
                    for i in 0..<n { da[i] = dy[i] }
                } else {
                    for i in 0..<n { da[i] += dy[i] }
                }
            } else if function == .multiply, case .identity = leftMap, case .suffix(let width) = rightMap {
                let da = left.gradients(S.self)
                for row in 0..<(n / width) {
                    let base = row * width
                    for j in 0..<width { da[base + j] += dy[base + j] * b[j] }
                }
            } else {
                let da = left.gradients(S.self)
                switch function {
                case .add, .subtract: for i in 0..<n { da[leftMap.index(i)] += dy[i] }
                case .multiply: for i in 0..<n { da[leftMap.index(i)] += dy[i] * b[rightMap.index(i)] }
                case .divide: for i in 0..<n { da[leftMap.index(i)] += dy[i] / b[rightMap.index(i)] }
                case .maximum:
                    for i in 0..<n {
                        let x = a[leftMap.index(i)]
                        let z = b[rightMap.index(i)]
                        if x > z {
                            da[leftMap.index(i)] += dy[i]
                        } else if x == z {
                            da[leftMap.index(i)] += dy[i] / 2
                        }
                    }
                }
            }
        }
        if right.requiresGrad {
            if case .identity = rightMap, function == .add || function == .subtract {
                // A residual add's second operand: one pass, written straight into a fresh
                // gradient. 0 ± dy, not ±dy, keeps the sign of a zero as adding into zeros did.
                let (db, beta) = right.gradientsForOverwrite(S.self)
                switch (function == .add, beta == 0) {
                case (true, true): for i in 0..<n { db[i] = 0 + dy[i] }
                case (true, false): for i in 0..<n { db[i] += dy[i] }
                case (false, true): for i in 0..<n { db[i] = 0 - dy[i] }
                case (false, false): for i in 0..<n { db[i] -= dy[i] }
                }
                return
            }
            let db = right.gradients(S.self)
            if function == .add, case .suffix(let width) = rightMap {
                for row in 0..<(n / width) {
                    let base = row * width
                    for j in 0..<width { db[j] += dy[base + j] }
                }
                return
            }
            if function == .multiply, case .identity = leftMap, case .suffix(let width) = rightMap {
                // Each db[j] adds its rows' terms in row order, as the general loop does.
                for row in 0..<(n / width) {
                    let base = row * width
                    for j in 0..<width { db[j] += dy[base + j] * a[base + j] }
                }
                return
            }
            switch function {
            case .add: for i in 0..<n { db[rightMap.index(i)] += dy[i] }
            case .subtract: for i in 0..<n { db[rightMap.index(i)] -= dy[i] }
            case .multiply: for i in 0..<n { db[rightMap.index(i)] += dy[i] * a[leftMap.index(i)] }
            case .divide:
                for i in 0..<n {
                    let z = b[rightMap.index(i)]
                    db[rightMap.index(i)] -= dy[i] * a[leftMap.index(i)] / (z * z)
                }
            case .maximum:
                for i in 0..<n {
                    let x = a[leftMap.index(i)]
                    let z = b[rightMap.index(i)]
                    if z > x {
                        db[rightMap.index(i)] += dy[i]
                    } else if x == z {
                        db[rightMap.index(i)] += dy[i] / 2
                    }
                }
            }
        }
    }
}

extension Tensor {
    /// Combines two tensors elementwise, broadcasting as NumPy does.
    public func combined(with other: Tensor, by function: BinaryFunction) throws(EngineError) -> Tensor {
        guard let shape = BroadcastMap.resultShape(self.shape, other.shape) else {
            throw .shapeMismatch(operation: function.rawValue, left: self.shape, right: other.shape)
        }
        precondition(dtype == other.dtype, "operands of one graph share a dtype")
        let operation = BinaryOperation(
            function: function, leftMap: BroadcastMap(from: self.shape, to: shape),
            rightMap: BroadcastMap(from: other.shape, to: shape))
        return Tensor(computedBy: operation, inputs: [self, other], shape: shape)
    }

    /// a + b with broadcasting.
    public static func + (a: Tensor, b: Tensor) throws(EngineError) -> Tensor {
        try a.combined(with: b, by: .add)
    }
    /// a - b with broadcasting.
    public static func - (a: Tensor, b: Tensor) throws(EngineError) -> Tensor {
        try a.combined(with: b, by: .subtract)
    }
    /// a · b elementwise with broadcasting.
    public static func * (a: Tensor, b: Tensor) throws(EngineError) -> Tensor {
        try a.combined(with: b, by: .multiply)
    }
    /// a / b elementwise with broadcasting.
    public static func / (a: Tensor, b: Tensor) throws(EngineError) -> Tensor {
        try a.combined(with: b, by: .divide)
    }
    /// Elementwise maximum with broadcasting.
    public func maximum(_ other: Tensor) throws(EngineError) -> Tensor {
        try combined(with: other, by: .maximum)
    }
}
