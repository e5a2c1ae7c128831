extension Network {
    /// Bytes a plan for `batchSize` rows would hold, known before it is built: a plan's nodes
    /// are all `[rows, width]`, so it is a one-row plan's size (built aside, not kept) times the rows.
    public func estimatedPlanBytes(batchSize: Int, loss: Loss) throws(EngineError) -> Int {
        let row = try TrainingPlan(network: self, batchSize: 1, loss: loss).byteCount
        let (bytes, overflow) = row.multipliedReportingOverflow(by: max(1, batchSize))
        return overflow ? Int.max : bytes
    }

    /// Bytes of the parameters' values and gradients.
    public var parameterByteCount: Int {
        parameters.reduce(0) { $0 + $1.count } * dtype.byteCount * 2
    }
}
