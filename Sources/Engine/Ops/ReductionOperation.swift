/// Sum (or mean) over a set of axes.
struct ReductionOperation: ScalarOperation {
    /// From an input index to the index of the output element it adds into.
    let map: BroadcastMap
    /// 1 for a sum, 1/N for a mean over N elements.
    let factor: Double

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let input = node.inputs[0]
        let x = input.values(S.self)
        let y = node.values(S.self)
        for j in 0..<node.count { y[j] = 0 }
        for i in 0..<input.count { y[map.index(i)] += x[i] }
        if factor != 1 {
            let f = S(factor)
            for j in 0..<node.count { y[j] *= f }
        }
    }

    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let input = node.inputs[0]
        guard input.requiresGrad else { return }
        let dx = input.gradients(S.self)
        let dy = node.gradients(S.self)
        let f = S(factor)
        for i in 0..<input.count { dx[i] += dy[map.index(i)] * f }
    }
}

extension Tensor {
    /// Sums over `axes` (all axes when nil); `keepingDimensions` leaves size-1 axes in place.
    public func sum(axes: [Int]? = nil, keepingDimensions: Bool = false) throws(EngineError) -> Tensor {
        try reduce(axes: axes, keepingDimensions: keepingDimensions, mean: false)
    }

    /// Averages over `axes` (all axes when nil).
    public func mean(axes: [Int]? = nil, keepingDimensions: Bool = false) throws(EngineError) -> Tensor {
        try reduce(axes: axes, keepingDimensions: keepingDimensions, mean: true)
    }

    private func reduce(axes: [Int]?, keepingDimensions: Bool, mean: Bool) throws(EngineError) -> Tensor {
        var reduced = Set<Int>()
        for axis in axes ?? Array(0..<rank) {
            let resolved = axis < 0 ? axis + rank : axis
            guard resolved >= 0, resolved < rank else { throw .axisOutOfRange(axis: axis, rank: rank) }
            reduced.insert(resolved)
        }
        let kept = shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
        let outputShape =
            keepingDimensions
            ? kept : shape.enumerated().filter { !reduced.contains($0.offset) }.map(\.element)
        let reducedCount = reduced.reduce(1) { $0 * shape[$1] }
        let operation = ReductionOperation(
            map: BroadcastMap(from: kept, to: shape), factor: mean ? 1 / Double(max(reducedCount, 1)) : 1)
        return Tensor(computedBy: operation, inputs: [self], shape: outputShape)
    }
}
