/// What a net has been through, one record per logged step.
public struct TrainingHistory: Sendable, Equatable {
    /// One logged step.
    public struct Record: Sendable, Equatable {
        public var step: Int
        public var epoch: Int
        public var loss: Double
        public var validationLoss: Double?
        public var accuracy: Double?
        public var learningRate: Double
        /// The L2 norm of each layer's weight gradient, in layer order.
        public var gradientNorms: [Double]
    }

    public var records: [Record] = []

    /// The columns a path like `xor.history.loss` can name.
    static let columns = ["step", "epoch", "loss", "val_loss", "accuracy", "lr"]

    /// A column's values; missing values (no validation set) are left out.
    func column(_ name: String) -> [Double]? {
        switch name {
        case "step": return records.map { Double($0.step) }
        case "epoch": return records.map { Double($0.epoch) }
        case "loss": return records.map(\.loss)
        case "val_loss": return records.compactMap(\.validationLoss)
        case "accuracy": return records.compactMap(\.accuracy)
        case "lr": return records.map(\.learningRate)
        default: return nil
        }
    }
}
