/// Where a net is in its passes over a data set: the current epoch's order of rows and how
/// many of them its steps have used. Kept between runs, so `train steps=1` twice takes the
/// same batches as `train steps=2`, and `step` continues where `train` stopped.
public struct DataCursor: Sendable, Equatable {
    /// The epoch's rows in the order its batches take them.
    public private(set) var order: [Int]
    /// Rows of `order` already used.
    public private(set) var position: Int

    /// The rows of the next batch of at most `batchSize`, and whether it ends the epoch (the
    /// last batch of an epoch may be smaller, as a DataLoader without drop_last). A new epoch's
    /// order is drawn from `random` when `shuffle` is set, else it is 0, 1, 2, ...; it is
    /// drawn only here, so the generator moves only when a step follows. A cursor of another
    /// data set's size starts a new epoch.
    public static func nextBatch(
        _ cursor: inout DataCursor?, rowCount: Int, batchSize: Int, shuffle: Bool, random: inout RandomSource
    ) -> (rows: ArraySlice<Int>, endsEpoch: Bool) {
        var current: DataCursor
        if let cursor, cursor.order.count == rowCount, cursor.position < rowCount {
            current = cursor
        } else {
            current = DataCursor(
                order: shuffle ? random.permutation(rowCount) : Array(0..<rowCount), position: 0)
        }
        let end = min(rowCount, current.position + max(1, batchSize))
        let rows = current.order[current.position..<end]
        current.position = end
        let endsEpoch = end == rowCount
        cursor = endsEpoch ? nil : current
        return (rows, endsEpoch)
    }
}
