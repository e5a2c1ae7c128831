/// A ring all-reduce of one flat vector per worker, simulated step by step as NCCL's and gloo's
/// ring runs it (Patarasuk and Yuan 2009; Baidu's ring allreduce).
///
/// The vector is cut into N contiguous chunks, as even as possible. Worker i sends only to
/// worker i+1 (mod N). In the N−1 reduce-scatter steps, at step s worker i sends chunk i−s and
/// its neighbour adds it into its own copy; afterwards worker i holds the complete sum of chunk
/// i+1. In the N−1 all-gather steps, at step s worker i sends chunk i+1−s and its neighbour
/// overwrites its copy with it; afterwards every worker holds every sum. Each step's sends
/// happen at once (values are read before any is written), and each worker sends one chunk a
/// step, so it sends 2(N−1) chunks, 2(N−1)/N of the vector, whatever N is.
///
/// The sum of chunk c is therefore taken in one fixed order, starting at worker c and going
/// round the ring: g_c, then g_{c+1} + that, ..., then g_{c+N−1} + that. Every addition is
/// rounded to the engine's dtype, as a worker holding Float32 buffers would round it.
public struct RingAllReduce: Sendable, Equatable {
    /// One chunk sent from one worker to its neighbour.
    public struct Transfer: Sendable, Equatable {
        /// 1-based step of the whole all-reduce (reduce-scatter first, then all-gather).
        public var step: Int
        public var phase: Phase
        /// 0-based workers.
        public var sender: Int
        public var receiver: Int
        /// 0-based chunk.
        public var chunk: Int
        /// Values in the chunk.
        public var elements: Int
    }

    public enum Phase: String, Sendable, Equatable {
        /// The receiver adds the chunk into its own.
        case reduceScatter = "reduce-scatter"
        /// The receiver replaces its chunk with the complete sum.
        case allGather = "all-gather"
    }

    /// Workers in the ring.
    public let workers: Int
    /// The chunks of the flat vector, in order.
    public let chunks: [Range<Int>]
    /// The element type every sum is rounded to.
    public let dtype: DType

    /// A ring of `workers` over vectors of `length` values.
    public init(workers: Int, length: Int, dtype: DType) {
        precondition(workers >= 1, "a ring needs a worker")
        self.workers = workers
        self.dtype = dtype
        let base = length / workers
        let larger = length % workers
        var chunks: [Range<Int>] = []
        var start = 0
        for index in 0..<workers {
            let size = base + (index < larger ? 1 : 0)
            chunks.append(start..<(start + size))
            start += size
        }
        self.chunks = chunks
    }

    /// Every transfer of the all-reduce, step by step, without moving any values.
    public var schedule: [Transfer] {
        var transfers: [Transfer] = []
        let n = workers
        for step in 0..<max(0, n - 1) {
            for sender in 0..<n {
                let chunk = ((sender - step) % n + n) % n
                transfers.append(
                    Transfer(
                        step: step + 1, phase: .reduceScatter, sender: sender, receiver: (sender + 1) % n,
                        chunk: chunk, elements: chunks[chunk].count))
            }
        }
        for step in 0..<max(0, n - 1) {
            for sender in 0..<n {
                let chunk = ((sender + 1 - step) % n + n) % n
                transfers.append(
                    Transfer(
                        step: n + step, phase: .allGather, sender: sender, receiver: (sender + 1) % n,
                        chunk: chunk, elements: chunks[chunk].count))
            }
        }
        return transfers
    }

    /// Runs the all-reduce on one vector per worker, in place: afterwards each holds the sum.
    /// Returns the transfers made, in order.
    @discardableResult
    public func run(_ buffers: inout [[Double]]) -> [Transfer] {
        precondition(buffers.count == workers, "one buffer per worker")
        let transfers = schedule
        var index = 0
        while index < transfers.count {
            // One step: every worker's send, read before any receiver writes.
            let step = transfers[index].step
            var sent: [(Transfer, ArraySlice<Double>)] = []
            while index < transfers.count, transfers[index].step == step {
                let transfer = transfers[index]
                sent.append((transfer, buffers[transfer.sender][chunks[transfer.chunk]]))
                index += 1
            }
            for (transfer, values) in sent {
                let range = chunks[transfer.chunk]
                for (position, value) in zip(range, values) {
                    switch transfer.phase {
                    case .reduceScatter:
                        buffers[transfer.receiver][position] = rounded(
                            buffers[transfer.receiver][position] + value)
                    case .allGather:
                        buffers[transfer.receiver][position] = value
                    }
                }
            }
        }
        return transfers
    }

    /// Values each worker sends (and receives) over the whole all-reduce.
    public func elementsSent(by worker: Int) -> Int {
        schedule.filter { $0.sender == worker }.reduce(0) { $0 + $1.elements }
    }

    /// Values each worker receives over the whole all-reduce.
    public func elementsReceived(by worker: Int) -> Int {
        schedule.filter { $0.receiver == worker }.reduce(0) { $0 + $1.elements }
    }

    /// A sum of two values held in the engine's dtype, rounded as that dtype rounds it (for
    /// Float32, the Double sum of two floats rounded once to Float is the float sum exactly).
    func rounded(_ value: Double) -> Double {
        dtype == .float32 ? Double(Float(value)) : value
    }
}
