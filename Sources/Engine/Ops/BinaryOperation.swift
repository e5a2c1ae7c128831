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

    /// How element i of the result finds its two operands, fastest first: both at i (same
    /// shapes, a residual add), a at i and b at i mod w walked row by row (a bias or a layer
    /// norm's gain, one row for every row of a), or through the maps (every other broadcast).
    private enum Layout {
        case same
        case rows(width: Int)
        case mapped
    }

    private var layout: Layout {
        switch (leftMap, rightMap) {
        case (.identity, .identity): .same
        case (.identity, .suffix(let width)): .rows(width: width)
        default: .mapped
        }
    }

    /// Calls `body(i, ia, ib)` for each of the result's `count` elements in order: i, and where
    /// the left and right operands keep it. Every function's loops go through here, so each is
    /// written once and each layout is one loop without a map lookup per element.
    @inline(__always)
    private func forEachElement(_ count: Int, _ body: (Int, Int, Int) -> Void) {
        switch layout {
        case .same:
            for i in 0..<count { body(i, i, i) }
        case .rows(let width):
            for row in 0..<(count / width) {
                let base = row * width
                for j in 0..<width { body(base + j, base + j, j) }
            }
        case .mapped:
            for i in 0..<count { body(i, leftMap.index(i), rightMap.index(i)) }
        }
    }

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let a = node.inputs[0].values(S.self)
        let b = node.inputs[1].values(S.self)
        let y = node.values(S.self)
        let n = node.count
        switch function {
        case .add: forEachElement(n) { y[$0] = a[$1] + b[$2] }
        case .subtract: forEachElement(n) { y[$0] = a[$1] - b[$2] }
        case .multiply: forEachElement(n) { y[$0] = a[$1] * b[$2] }
        case .divide: forEachElement(n) { y[$0] = a[$1] / b[$2] }
        case .maximum: forEachElement(n) { y[$0] = Swift.max(a[$1], b[$2]) }
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
                // ∂a is dy itself: written straight into a fresh gradient.
                let (da, beta) = left.gradientsForOverwrite(S.self)
                if beta == 0 {
                    for i in 0..<n { da[i] = dy[i] }
                } else {
                    for i in 0..<n { da[i] += dy[i] }
                }
            } else {
                let da = left.gradients(S.self)
                switch function {
                case .add, .subtract: forEachElement(n) { i, ia, _ in da[ia] += dy[i] }
                case .multiply: forEachElement(n) { da[$1] += dy[$0] * b[$2] }
                case .divide: forEachElement(n) { da[$1] += dy[$0] / b[$2] }
                case .maximum:
                    forEachElement(n) { i, ia, ib in
                        if a[ia] > b[ib] {
                            da[ia] += dy[i]
                        } else if a[ia] == b[ib] {
                            da[ia] += dy[i] / 2
                        }
                    }
                }
            }
        }
        guard right.requiresGrad else { return }
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
        // A broadcast operand's db[j] adds its terms in the order of i, on every layout.
        let db = right.gradients(S.self)
        switch function {
        case .add: forEachElement(n) { db[$2] += dy[$0] }
        case .subtract: forEachElement(n) { db[$2] -= dy[$0] }
        case .multiply: forEachElement(n) { db[$2] += dy[$0] * a[$1] }
        case .divide:
            forEachElement(n) { i, ia, ib in
                let z = b[ib]
                db[ib] -= dy[i] * a[ia] / (z * z)
            }
        case .maximum:
            forEachElement(n) { i, ia, ib in
                if b[ib] > a[ia] {
                    db[ib] += dy[i]
                } else if a[ia] == b[ib] {
                    db[ib] += dy[i] / 2
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
