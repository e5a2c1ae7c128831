/// One named tensor of a checkpoint: its element type, shape and values (row-major).
public struct CheckpointTensor: Sendable, Equatable {
    /// The key in the file (`0.weight`).
    public let name: String
    /// The element type in the file.
    public let dtype: SafetensorsDType
    /// The dimensions, outermost first (`[out, in]` for a PyTorch Linear weight).
    public let shape: [Int]
    /// Row-major values, as many as the shape's product.
    public let values: [Double]

    /// A tensor after checking that `values` fills `shape` exactly.
    public init(name: String, dtype: SafetensorsDType, shape: [Int], values: [Double]) throws(CheckpointError)
    {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else {
            throw .valueCountMismatch(name: name, shape: shape, valueCount: values.count)
        }
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.values = values
    }

    /// The number of elements.
    public var elementCount: Int { values.count }
}

/// The contents of a safetensors file: tensors in file order and a string metadata map.
public struct Checkpoint: Sendable, Equatable {
    /// Metadata key under which the engine stores the network spec (`2 -> 4 tanh -> 1 sigmoid`).
    public static let networkSpecKey = "spec"
    /// Metadata key under which the engine stores the training step.
    public static let trainingStepKey = "step"

    /// The tensors, in the order their bytes appear in the file.
    public let tensors: [CheckpointTensor]
    /// The `__metadata__` map.
    public var metadata: [String: String]

    /// A checkpoint after checking that the tensor names are unique.
    public init(tensors: [CheckpointTensor], metadata: [String: String] = [:]) throws(CheckpointError) {
        var seen = Set<String>()
        for tensor in tensors where !seen.insert(tensor.name).inserted {
            throw .duplicateTensorName(name: tensor.name)
        }
        for tensor in tensors where tensor.name == SafetensorsFormat.metadataKey {
            throw .reservedTensorName(name: tensor.name)
        }
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor called `name`, if any.
    public subscript(name: String) -> CheckpointTensor? {
        tensors.first { $0.name == name }
    }

    /// The network spec stored in the metadata, if any.
    public var networkSpec: String? { metadata[Self.networkSpecKey] }

    /// The training step stored in the metadata, if any and if it is a whole number.
    public var trainingStep: Int? { metadata[Self.trainingStepKey].flatMap { Int($0) } }
}
