/// One Dense layer's parameters in the engine's layout.
public struct DenseLayerParameters: Sendable, Equatable {
    /// Inputs to the layer.
    public let inputCount: Int
    /// Outputs (units) of the layer.
    public let outputCount: Int
    /// Row-major `[in, out]` weights, as in H = X·W + b.
    public let weights: [Double]
    /// One bias per output.
    public let bias: [Double]

    /// Parameters after checking the array sizes against the layer's shape.
    public init(inputCount: Int, outputCount: Int, weights: [Double], bias: [Double], layer: Int = 0)
        throws(CheckpointError)
    {
        guard weights.count == inputCount * outputCount, bias.count == outputCount else {
            throw .layerShapeMismatch(
                layer: layer, inputCount: inputCount, outputCount: outputCount, weightCount: weights.count,
                biasCount: bias.count)
        }
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.weights = weights
        self.bias = bias
    }
}

/// A layer as PyTorch's `nn.Sequential` sees it: one `nn.Linear` and the modules after it.
public struct SequentialLayerShape: Sendable, Equatable {
    /// Inputs to the Linear.
    public let inputCount: Int
    /// Outputs of the Linear.
    public let outputCount: Int
    /// Modules between this Linear and the next one (1 for an activation such as
    /// `nn.Tanh`, 0 for identity, 2 for an activation followed by `nn.Dropout`).
    public let modulesAfter: Int

    /// A layer shape; most layers have one activation module after them.
    public init(inputCount: Int, outputCount: Int, modulesAfter: Int = 1) {
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.modulesAfter = modulesAfter
    }
}

/// A tensor a network expects in a checkpoint: its name and shape.
public struct ExpectedTensor: Sendable, Equatable {
    /// The key (`2.weight`).
    public let name: String
    /// The shape in the file (`[out, in]` for a weight).
    public let shape: [Int]
}

/// The mapping between a stack of Dense layers and PyTorch's `nn.Sequential` state dict.
///
/// PyTorch numbers every module of a Sequential, activations included, so
/// `nn.Sequential(Linear, Tanh, Linear, Sigmoid)` names its Linears 0 and 2 and
/// its tensors `0.weight` `[out, in]`, `0.bias` `[out]`, `2.weight`, `2.bias`.
/// The engine stores weights `[in, out]`, so they are transposed both ways.
public struct SequentialCheckpointLayout: Sendable, Equatable {
    /// The layers in order.
    public let layers: [SequentialLayerShape]

    /// The layout of these layers.
    public init(layers: [SequentialLayerShape]) {
        self.layers = layers
    }

    /// The Sequential index of each Linear module.
    public var moduleIndices: [Int] {
        var next = 0
        return layers.map { layer in
            defer { next += 1 + layer.modulesAfter }
            return next
        }
    }

    /// The state-dict names of each layer's weight and bias.
    public var parameterNames: [(weight: String, bias: String)] {
        moduleIndices.map { ("\($0).weight", "\($0).bias") }
    }

    /// Every tensor the layout expects, with PyTorch's shapes.
    public var expectedTensors: [ExpectedTensor] {
        zip(layers, parameterNames).flatMap { layer, names in
            [
                ExpectedTensor(name: names.weight, shape: [layer.outputCount, layer.inputCount]),
                ExpectedTensor(name: names.bias, shape: [layer.outputCount]),
            ]
        }
    }

    /// A checkpoint of `parameters` (one per layer, `[in, out]` weights) in PyTorch's layout.
    public func checkpoint(
        from parameters: [DenseLayerParameters], dtype: SafetensorsDType = .f32,
        metadata: [String: String] = [:]
    ) throws(CheckpointError) -> Checkpoint {
        var differences: [ArchitectureDifference] = []
        for (index, (layer, names)) in zip(layers, parameterNames).enumerated() {
            let expectedShape = [layer.outputCount, layer.inputCount]
            if index >= parameters.count {
                differences.append(.missing(name: names.weight, shape: expectedShape))
                differences.append(.missing(name: names.bias, shape: [layer.outputCount]))
            } else if [parameters[index].outputCount, parameters[index].inputCount] != expectedShape {
                let found = [parameters[index].outputCount, parameters[index].inputCount]
                differences.append(.shapeMismatch(name: names.weight, expected: expectedShape, found: found))
            }
        }
        for (index, extra) in parameters.enumerated().dropFirst(layers.count) {
            differences.append(
                .unexpected(name: "layer \(index + 1)", shape: [extra.outputCount, extra.inputCount]))
        }
        guard differences.isEmpty else { throw .architectureMismatch(differences: differences) }

        var tensors: [CheckpointTensor] = []
        for (layer, names) in zip(parameters, parameterNames) {
            tensors.append(
                try CheckpointTensor(
                    name: names.weight, dtype: dtype, shape: [layer.outputCount, layer.inputCount],
                    values: Self.transposed(layer.weights, rows: layer.inputCount, columns: layer.outputCount)
                ))
            tensors.append(
                try CheckpointTensor(
                    name: names.bias, dtype: dtype, shape: [layer.outputCount], values: layer.bias))
        }
        return try Checkpoint(tensors: tensors, metadata: metadata)
    }

    /// The layers' parameters in the engine's layout, after checking that `checkpoint`
    /// holds exactly the expected names and shapes.
    public func parameters(from checkpoint: Checkpoint) throws(CheckpointError) -> [DenseLayerParameters] {
        try checkpoint.verify(against: expectedTensors)
        return try zip(layers, parameterNames).enumerated().map { index, pair throws(CheckpointError) in
            let (layer, names) = pair
            // `verify` has checked both tensors exist with these shapes.
            let weight = checkpoint[names.weight]!
            return try DenseLayerParameters(
                inputCount: layer.inputCount, outputCount: layer.outputCount,
                weights: Self.transposed(weight.values, rows: layer.outputCount, columns: layer.inputCount),
                bias: checkpoint[names.bias]!.values, layer: index)
        }
    }
}

extension Checkpoint {
    /// Checks that the checkpoint holds exactly `expected` (names and shapes), and
    /// otherwise throws `architectureMismatch` listing every missing, unexpected or
    /// differently shaped tensor.
    public func verify(against expected: [ExpectedTensor]) throws(CheckpointError) {
        var differences: [ArchitectureDifference] = []
        for want in expected {
            if let found = self[want.name] {
                if found.shape != want.shape {
                    differences.append(
                        .shapeMismatch(name: want.name, expected: want.shape, found: found.shape))
                }
            } else {
                differences.append(.missing(name: want.name, shape: want.shape))
            }
        }
        let expectedNames = Set(expected.map(\.name))
        for tensor in tensors where !expectedNames.contains(tensor.name) {
            differences.append(.unexpected(name: tensor.name, shape: tensor.shape))
        }
        guard differences.isEmpty else { throw .architectureMismatch(differences: differences) }
    }
}

extension SequentialCheckpointLayout {
    /// A row-major `rows × columns` matrix as `columns × rows`.
    static func transposed(_ values: [Double], rows: Int, columns: Int) -> [Double] {
        var result = [Double](repeating: 0, count: values.count)
        for row in 0..<rows {
            for column in 0..<columns {
                result[column * rows + row] = values[row * columns + column]
            }
        }
        return result
    }
}
