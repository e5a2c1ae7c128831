import Engine

/// A step taken apart: the batch `forward` took from the net's data cursor and the pass it
/// ran, which `backward` runs again and backpropagates and `update` finishes. `forward`,
/// `backward`, `update` is then `step`, bit for bit: the same rows, the same dropout masks,
/// the same guards and clipping, and the cursor, step count and history moved as one step
/// moves them.
struct PendingStep {
    /// The data set the batch is from, and its rows then: a data set defined again under the
    /// name with another number of rows begins a new step.
    var data: String
    var dataRows: Int
    /// The batch size asked for (`batch=`, or the step's default).
    var size: Int
    /// The batch's rows, in the order the cursor gives them: `size` of them, or fewer at the
    /// end of an epoch.
    var rows: [Int]
    /// The data cursor after the batch, kept by the `update` that finishes the step.
    var cursorAfter: DataCursor?
    /// Whether the batch ends an epoch.
    var endsEpoch: Bool
    /// The dropout generator before the pass drew its masks, so a second run of the pass
    /// draws the same ones.
    var randomBefore: RandomSource
    /// The pass `backward` backpropagated, whose gradients `update` applies; nil after
    /// `forward` alone.
    var backpropagatedPass: PassTrace?
}
