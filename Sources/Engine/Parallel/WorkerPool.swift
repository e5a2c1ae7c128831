import Foundation
import Synchronization

/// A loop the worker pool can split: what the loop reads and writes, held by value, and
/// its body for one contiguous chunk of the index range.
///
/// A value type rather than a closure: a non-escaping closure cannot be handed to
/// another thread without `withoutActuallyEscaping`, which allocates on every call,
/// while a value is passed by pointer with its type, allocating nothing.
protocol ChunkedLoop {
    /// Runs the loop over `range`, touching only what belongs to it.
    func run(_ range: Range<Int>)
}

extension ChunkedLoop {
    /// Runs the loop stored at `pointer` (of this type) over `range`.
    fileprivate static func run(at pointer: UnsafeRawPointer, _ range: Range<Int>) {
        pointer.assumingMemoryBound(to: Self.self).pointee.run(range)
    }
}

/// A few threads that run the chunks of one data-parallel loop beside the calling
/// thread: the engine's large matrix products and elementwise passes split their rows
/// over it, so a step uses every core without a heap allocation or a thread hand-off
/// per operation.
///
/// A loop is published by bumping `generation`; workers spin on it for a short while
/// after each loop (the next one in a training step is microseconds away) and then
/// sleep on a condition variable, so an idle kernel costs no CPU. One loop runs at a
/// time: a loop started while another runs (from a second thread, or nested inside a
/// chunk) simply runs on its caller.
/// Threads the engine computes on, its caller's included (`BACKPROP_THREADS` sets it).
public var engineThreadCount: Int { WorkerPool.shared.width }

final class WorkerPool: @unchecked Sendable {
    /// The engine's pool: one thread per core beside the caller, at most 7, or
    /// `BACKPROP_THREADS` in all when set (1 turns parallel loops off). It and its threads
    /// live as long as the process.
    static let shared = WorkerPool(width: defaultWidth)

    /// Threads taking part in a loop, the caller's included.
    let width: Int

    /// The loop sequence number times 256 plus the number of chunks: one atomic word, so
    /// a worker that reads it knows consistently whether it has a chunk in this loop.
    private let generation = Atomic<Int>(0)
    /// Chunks of the current loop not finished yet by workers.
    private let remaining = Atomic<Int>(0)
    /// Workers asleep (or about to be) on the condition variable.
    private let sleepers = Atomic<Int>(0)
    private let running = Atomic<Bool>(false)
    // The current loop (its entry point, and a pointer to it on the caller's stack),
    // written before `generation` is published and read only by workers that have a
    // chunk, before they decrement `remaining`. The entry is taken where the loop's type
    // is concrete, so workers run the same specialised code as the caller (through an
    // existential they would run the generic, unspecialised body, many times slower).
    private var loopEntry: ((UnsafeRawPointer, Range<Int>) -> Void)?
    private var loopPointer: UnsafeRawPointer?
    private var count = 0
    private var alignment = 1
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    /// How long a worker spins for the next loop before it sleeps.
    private static let spinNanoseconds: UInt64 = 200_000

    private static var defaultWidth: Int {
        if let text = ProcessInfo.processInfo.environment["BACKPROP_THREADS"], let value = Int(text),
            value >= 1
        {
            return min(value, 64)
        }
        return min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 8)
    }

    init(width: Int) {
        self.width = width
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        for index in 1..<max(width, 1) {
            let thread = Thread { [self] in work(index: index) }
            thread.name = "backprop-worker-\(index)"
            thread.start()
        }
    }

    /// Runs `loop` on contiguous chunks covering 0..<count, in parallel when there is at
    /// least `minimumChunk` of work per thread; chunk boundaries fall on multiples of
    /// `alignment`. Returns when every chunk is done.
    func forEachChunk<Loop: ChunkedLoop>(count: Int, minimumChunk: Int, alignment: Int = 1, _ loop: Loop) {
        let chunks = min(width, count / max(minimumChunk, 1), 255)
        guard chunks > 1,
            running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            loop.run(0..<count)
            return
        }
        withUnsafePointer(to: loop) { pointer in
            loopEntry = Loop.run(at:_:)
            loopPointer = UnsafeRawPointer(pointer)
            self.count = count
            self.alignment = max(alignment, 1)
            remaining.store(chunks - 1, ordering: .relaxed)
            let published = (generation.load(ordering: .relaxed) / 256 + 1) * 256 + chunks
            generation.store(published, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(mutex)
                pthread_cond_broadcast(condition)
                pthread_mutex_unlock(mutex)
            }
            loop.run(chunk(0, of: chunks))
            // Chunks are even, so the workers are usually done when the caller is; on a busy
            // machine a worker may have lost its core, and yielding lets it have one back.
            var spins = 0
            while remaining.load(ordering: .acquiring) > 0 {
                spins += 1
                if spins % 1024 == 0 { sched_yield() }
            }
            loopEntry = nil
            loopPointer = nil
        }
        running.store(false, ordering: .releasing)
    }

    /// The part-th of `chunks` nearly equal ranges of 0..<count, split on `alignment`.
    private func chunk(_ part: Int, of chunks: Int) -> Range<Int> {
        let units = (count + alignment - 1) / alignment
        let start = min(count, units * part / chunks * alignment)
        let end = part == chunks - 1 ? count : min(count, units * (part + 1) / chunks * alignment)
        return start..<end
    }

    private func work(index: Int) {
        var seen = 0
        while true {
            seen = waitForLoop(after: seen)
            let chunks = seen % 256
            guard index < chunks else { continue }
            runChunk(index, of: chunks)
            remaining.subtract(1, ordering: .releasing)
        }
    }

    /// Runs one chunk of the current loop (its copy of the loop value ends here, before
    /// `remaining` lets the caller's stack frame go).
    private func runChunk(_ part: Int, of chunks: Int) {
        guard let loopEntry, let loopPointer else { return }
        loopEntry(loopPointer, chunk(part, of: chunks))
    }

    /// Spins, then sleeps, until `generation` moves past `seen`; returns its new value.
    private func waitForLoop(after seen: Int) -> Int {
        let deadline = DispatchTime.now().uptimeNanoseconds + Self.spinNanoseconds
        var spins = 0
        while true {
            let value = generation.load(ordering: .acquiring)
            if value != seen { return value }
            spins += 1
            if spins % 1024 == 0 {
                if DispatchTime.now().uptimeNanoseconds > deadline { break }
                // Spinning must not keep a thread that has work off a shared core.
                sched_yield()
            }
        }
        // Counted as a sleeper before the last look, so a loop published from now on
        // either is seen below or finds the sleeper and signals.
        sleepers.add(1, ordering: .sequentiallyConsistent)
        pthread_mutex_lock(mutex)
        var value = generation.load(ordering: .sequentiallyConsistent)
        while value == seen {
            pthread_cond_wait(condition, mutex)
            value = generation.load(ordering: .sequentiallyConsistent)
        }
        pthread_mutex_unlock(mutex)
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
        return value
    }
}
