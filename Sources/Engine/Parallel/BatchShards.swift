/// A batch cut into one contiguous shard per worker, as `torch.tensor_split` cuts it: the sizes
/// differ by at most one row, the larger shards first (10 rows over 4 workers: 3, 3, 2, 2).
///
/// Uneven shards would break the identity with the whole batch if each worker's mean gradient
/// counted the same, as plain DDP averages them: a row of a 2-row shard would weigh more than a
/// row of a 3-row shard. So each shard's mean gradient is weighted by its share of the rows,
/// nₖ/n, and the weighted sum is the whole batch's mean gradient, whatever the sizes. Under a
/// summed loss every shard's weight is 1.
public struct BatchShards: Sendable, Equatable {
    /// Each worker's rows, as positions in the batch.
    public let ranges: [Range<Int>]
    /// Rows in the whole batch.
    public let rowCount: Int

    /// `rows` cut into `workers` shards; there must be at least one row per worker.
    public init(rows: Int, workers: Int) throws(EngineError) {
        guard workers >= 1 else {
            throw .invalidOption(name: "workers", value: Double(workers), expected: .atLeast(1))
        }
        guard rows >= workers else {
            throw .dataMismatch(what: "rows for \(workers) workers", expected: workers, got: rows)
        }
        let base = rows / workers
        let larger = rows % workers
        var ranges: [Range<Int>] = []
        var start = 0
        for worker in 0..<workers {
            let size = base + (worker < larger ? 1 : 0)
            ranges.append(start..<(start + size))
            start += size
        }
        self.ranges = ranges
        rowCount = rows
    }

    /// Number of workers.
    public var count: Int { ranges.count }

    /// Whether every shard has the same number of rows.
    public var isEven: Bool { rowCount % ranges.count == 0 }

    /// Each shard's weight in the sum of gradients: nₖ/n for a mean loss, 1 for a summed one.
    public func weights(for reduction: Loss.Reduction) -> [Double] {
        ranges.map { reduction == .mean ? Double($0.count) / Double(rowCount) : 1 }
    }
}
