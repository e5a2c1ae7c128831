/// Rows of inputs with their targets, row-major, as the trainer consumes them.
///
/// Targets are `count × targetWidth` values; for a network with several outputs they
/// may instead be one class index per row (`targetWidth` 1), read as one-hot rows.
public struct Samples: Sendable, Equatable {
    /// count × inputWidth values.
    public var inputs: [Double]
    /// count × targetWidth values.
    public var targets: [Double]
    /// Number of rows.
    public var count: Int
    /// Values per input row.
    public var inputWidth: Int
    /// Values per target row.
    public var targetWidth: Int

    /// Samples from flat arrays; the widths are derived from `count`.
    public init(inputs: [Double], targets: [Double], count: Int) throws(EngineError) {
        guard count > 0, inputs.count % count == 0, targets.count % count == 0 else {
            throw .dataMismatch(what: "rows", expected: count, got: inputs.count)
        }
        self.inputs = inputs
        self.targets = targets
        self.count = count
        inputWidth = inputs.count / count
        targetWidth = targets.count / count
    }

    /// Samples from rows.
    public init(inputRows: [[Double]], targetRows: [[Double]]) throws(EngineError) {
        try self.init(
            inputs: inputRows.flatMap { $0 }, targets: targetRows.flatMap { $0 }, count: inputRows.count)
    }

    /// The inputs split into rows.
    public var inputRows: [[Double]] {
        (0..<count).map { Array(inputs[($0 * inputWidth)..<(($0 + 1) * inputWidth)]) }
    }
}
