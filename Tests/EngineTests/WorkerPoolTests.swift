import Foundation
import Synchronization
import XCTest

@testable import Engine

/// A test's loop body as a closure (the engine's loops are structs so that they allocate nothing).
private struct ClosureLoop: ChunkedLoop {
    let body: (Range<Int>) -> Void
    func run(_ range: Range<Int>) { body(range) }
}

extension WorkerPool {
    fileprivate func forEachChunk(
        count: Int, minimumChunk: Int, alignment: Int = 1, _ body: @escaping (Range<Int>) -> Void
    ) {
        forEachChunk(count: count, minimumChunk: minimumChunk, alignment: alignment, ClosureLoop(body: body))
    }
}

final class WorkerPoolTests: XCTestCase {
    /// One pool for the whole test class: its threads live as long as the process.
    private static let pool = WorkerPool(width: 3)

    func testChunksCoverTheRangeOnceOnAlignedBoundaries() {
        for count in [0, 1, 15, 16, 17, 100, 1000, 4099] {
            let marks = UnsafeMutablePointer<Int>.allocate(capacity: max(count, 1))
            defer { marks.deallocate() }
            marks.initialize(repeating: 0, count: max(count, 1))
            let boundaries = Mutex<[Int]>([])
            Self.pool.forEachChunk(count: count, minimumChunk: 1, alignment: 16) { range in
                boundaries.withLock { $0.append(range.lowerBound) }
                for index in range { marks[index] += 1 }
            }
            XCTAssertEqual((0..<count).map { marks[$0] }, Array(repeating: 1, count: count), "count \(count)")
            for start in boundaries.withLock({ $0 }) {
                XCTAssertEqual(start % 16, 0, "a chunk of \(count) starts at \(start)")
            }
        }
    }

    func testSmallLoopsStayOnTheCallingThread() {
        let caller = Thread.current
        let calls = Atomic<Int>(0)
        Self.pool.forEachChunk(count: 1000, minimumChunk: 600) { range in
            XCTAssertEqual(range, 0..<1000)
            XCTAssertTrue(Thread.current == caller)
            calls.add(1, ordering: .relaxed)
        }
        XCTAssertEqual(calls.load(ordering: .relaxed), 1)
    }

    func testLargeLoopsUseSeveralThreads() {
        let threads = Mutex<Set<ObjectIdentifier>>([])
        for _ in 0..<50 {
            Self.pool.forEachChunk(count: 3 * 4096, minimumChunk: 4096) { _ in
                threads.withLock { _ = $0.insert(ObjectIdentifier(Thread.current)) }
            }
        }
        XCTAssertEqual(threads.withLock { $0.count }, 3)
    }

    func testALoopInsideAChunkRunsOnItsCaller() {
        let total = Atomic<Int>(0)
        Self.pool.forEachChunk(count: 30, minimumChunk: 1) { outer in
            Self.pool.forEachChunk(count: 10, minimumChunk: 1) { inner in
                XCTAssertEqual(inner, 0..<10)
                total.add(outer.count * inner.count, ordering: .relaxed)
            }
        }
        XCTAssertEqual(total.load(ordering: .relaxed), 300)
    }

    func testConcurrentCallersBothFinish() {
        let sums = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<200 {
                let sum = Atomic<Int>(0)
                Self.pool.forEachChunk(count: 1000, minimumChunk: 10) { range in
                    sum.add(range.reduce(0, +), ordering: .relaxed)
                }
                sums.withLock { $0.append(sum.load(ordering: .relaxed)) }
            }
        }
        XCTAssertEqual(sums.withLock { $0 }, Array(repeating: 499_500, count: 800))
    }

    func testWorkersWakeAfterSleeping() {
        // Longer than the workers' spin, so they are asleep when the next loop comes.
        Thread.sleep(forTimeInterval: 0.01)
        let threads = Mutex<Set<ObjectIdentifier>>([])
        Self.pool.forEachChunk(count: 3, minimumChunk: 1) { _ in
            threads.withLock { _ = $0.insert(ObjectIdentifier(Thread.current)) }
        }
        XCTAssertEqual(threads.withLock { $0.count }, 3)
    }
}
