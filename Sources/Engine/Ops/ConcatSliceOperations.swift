/// Joins tensors along one axis; each input's gradient is its block of the output's.
struct ConcatOperation: ScalarOperation {
    /// Product of the axes before the joined one.
    let outer: Int
    /// Elements per step of the joined axis times the axes after it, per input.
    let blocks: [Int]

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let y = node.values(S.self)
        let rowWidth = blocks.reduce(0, +)
        var offset = 0
        for (input, block) in zip(node.inputs, blocks) {
            let x = input.values(S.self)
            for o in 0..<outer {
                for j in 0..<block { y[o * rowWidth + offset + j] = x[o * block + j] }
            }
            offset += block
        }
    }

    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let dy = node.gradients(S.self)
        let rowWidth = blocks.reduce(0, +)
        var offset = 0
        for (input, block) in zip(node.inputs, blocks) {
            defer { offset += block }
            guard input.requiresGrad else { continue }
            let dx = input.gradients(S.self)
            for o in 0..<outer {
                for j in 0..<block { dx[o * block + j] += dy[o * rowWidth + offset + j] }
            }
        }
    }
}

/// A contiguous range of one axis; the gradient flows back into that range only.
struct SliceOperation: ScalarOperation {
    let outer: Int
    /// Elements per outer index in the input and in the output.
    let inputBlock: Int
    let outputBlock: Int
    /// Offset of the range within an input block.
    let start: Int

    func run<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let x = node.inputs[0].values(S.self)
        let y = node.values(S.self)
        for o in 0..<outer {
            for j in 0..<outputBlock { y[o * outputBlock + j] = x[o * inputBlock + start + j] }
        }
    }

    func derive<S: EngineScalar>(_: S.Type, _ node: Tensor) {
        let input = node.inputs[0]
        guard input.requiresGrad else { return }
        let dx = input.gradients(S.self)
        let dy = node.gradients(S.self)
        for o in 0..<outer {
            for j in 0..<outputBlock { dx[o * inputBlock + start + j] += dy[o * outputBlock + j] }
        }
    }
}

extension Tensor {
    /// Joins tensors along `axis`; all other axes must agree.
    public static func concat(_ tensors: [Tensor], axis: Int) throws(EngineError) -> Tensor {
        guard let first = tensors.first else {
            throw .invalidShape(operation: "concat", shape: [], expected: "at least one tensor")
        }
        let resolved = axis < 0 ? axis + first.rank : axis
        guard resolved >= 0, resolved < first.rank else {
            throw .axisOutOfRange(axis: axis, rank: first.rank)
        }
        var shape = first.shape
        shape[resolved] = 0
        for tensor in tensors {
            var others = tensor.shape
            guard others.count == first.rank else {
                throw .shapeMismatch(operation: "concat", left: first.shape, right: tensor.shape)
            }
            shape[resolved] += others[resolved]
            others[resolved] = first.shape[resolved]
            guard others == first.shape else {
                throw .shapeMismatch(operation: "concat", left: first.shape, right: tensor.shape)
            }
        }
        let outer = first.shape[..<resolved].reduce(1, *)
        let inner = first.shape[(resolved + 1)...].reduce(1, *)
        let operation = ConcatOperation(outer: outer, blocks: tensors.map { $0.shape[resolved] * inner })
        return Tensor(computedBy: operation, inputs: tensors, shape: shape)
    }

    /// The elements whose index along `axis` lies in `range`.
    public func slice(_ range: Range<Int>, axis: Int = 0) throws(EngineError) -> Tensor {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0, resolved < rank else { throw .axisOutOfRange(axis: axis, rank: rank) }
        guard range.lowerBound >= 0, range.upperBound <= shape[resolved], !range.isEmpty else {
            throw .invalidShape(
                operation: "slice", shape: shape, expected: "a range inside 0..<\(shape[resolved])")
        }
        var outputShape = shape
        outputShape[resolved] = range.count
        let inner = shape[(resolved + 1)...].reduce(1, *)
        let operation = SliceOperation(
            outer: shape[..<resolved].reduce(1, *), inputBlock: shape[resolved] * inner,
            outputBlock: range.count * inner, start: range.lowerBound * inner)
        return Tensor(computedBy: operation, inputs: [self], shape: outputShape)
    }
}
