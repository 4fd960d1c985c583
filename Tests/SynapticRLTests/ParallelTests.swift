import Foundation
import Dispatch
import Testing
import Synchronization
@_spi(Benchmarks) @testable import SynapticRL

@Suite struct ParallelTests {
    /// The blocks cover 0..<count once, in order, and number at most `threads`, the cores and count / minimumBlock
    /// (at least one): work below the minimum stays on the calling thread.
    @Test(arguments: [0, 1, 15, 16, 17, 31, 32, 33, 1000])
    func blocksCoverTheRangeAndRespectTheMinimum(count: Int) {
        for threads in 1...3 {
            for minimumBlock in [1, 16, 2000] {
                let lock = NSLock()
                var blocks: [Range<Int>] = []
                Parallel.forEachBlock(count: count, threads: threads, minimumBlock: minimumBlock) { block in
                    lock.withLock { blocks.append(block) }
                }
                blocks.sort { $0.lowerBound < $1.lowerBound }
                #expect(blocks.flatMap { Array($0) } == Array(0..<count))
                let expected = count == 0 ? 0 : max(1, min(threads, WorkerPool.cores, count / minimumBlock))
                #expect(blocks.count == expected, "count \(count), \(threads) threads, minimum \(minimumBlock)")
            }
        }
    }

    /// The worker pool under churn: thousands of jobs back to back of 2–4 blocks, a nested job inside a block (it
    /// runs on the calling thread) and jobs started from two threads at once (one waits for nothing: it runs its
    /// blocks itself). Every block runs exactly once, every job's blocks are done when the call returns, and no
    /// two blocks running at once share a slot.
    @Test func workerPoolRunsEveryBlockOnceUnderChurn() {
        let lock = NSLock()
        var runs = [Int](repeating: 0, count: 4 * 3000)
        var slotsInUse = Set<Int>()
        for job in 0..<3000 {
            let blocks = 2 + job % 3
            let threads = 1 + job % 4
            WorkerPool.shared.run(blocks: blocks, threads: threads) { block, slot in
                #expect(slot < WorkerPool.slots(threads: threads), "slot \(slot) of a \(threads)-thread job")
                // No two blocks that run at once share a slot (slots name per-thread scratch).
                let free = lock.withLock { slotsInUse.insert(slot).inserted }
                #expect(free, "slot \(slot) in use twice at once")
                if block == 0 && job % 7 == 0 {
                    var nested = 0
                    let nestedLock = NSLock()
                    WorkerPool.shared.run(blocks: 3, threads: 2) { _, _ in nestedLock.withLock { nested += 1 } }
                    #expect(nested == 3)
                }
                lock.withLock {
                    runs[4 * job + block] += 1
                    slotsInUse.remove(slot)
                }
            }
            #expect(runs[(4 * job)..<(4 * job + blocks)].allSatisfy { $0 == 1 }, "job \(job)")
        }
        let total = NSLock()
        var counted = 0
        DispatchQueue.concurrentPerform(iterations: 2) { caller in
            for _ in 0..<500 {
                var mine = 0
                let mineLock = NSLock()
                WorkerPool.shared.run(blocks: 3, threads: 2) { _, _ in mineLock.withLock { mine += 1 } }
                #expect(mine == 3, "caller \(caller)")
                total.withLock { counted += mine }
            }
        }
        #expect(counted == 3000)
    }

    /// Items claimed one at a time cover 0..<count once, in slots below `slots(threads:)`, also past the pool's
    /// block limit (a 100-million-point 2-D loss has 390,625 chunks), where runs of items are claimed instead.
    @Test(arguments: [0, 1, 7, WorkerPool.largestBlockCount, WorkerPool.largestBlockCount + 1, 390_625])
    func itemsAreEachRunOnce(count: Int) {
        let runs = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(count, 1))
        defer { runs.deallocate() }
        runs.initialize(repeating: 0)
        let lock = NSLock()
        var largestSlot = 0
        Parallel.forEachItem(count: count, threads: 2) { item, slot in
            runs[item] += 1  // each item is its own element: no two threads write one
            if slot > 0 { lock.withLock { largestSlot = max(largestSlot, slot) } }
        }
        #expect(runs[0..<count].allSatisfy { $0 == 1 })
        #expect(largestSlot < Parallel.slots(threads: 2))
    }
}

/// A worker spawned for a job takes part in that very job, even when its thread starts after the job was
/// published (it once read the job word itself and could sit its first job out: a search's first generation,
/// one long job, then ran on one thread).
@Suite struct WorkerPoolStartTests {
    @Test func aFreshPoolsFirstJobRunsOnTwoThreadsAtOnce() throws {
        guard WorkerPool.cores >= 2 else { return }
        let pool = WorkerPool()
        let secondStarted = Atomic<Bool>(false)
        let overlapped = Atomic<Bool>(false)
        pool.run(blocks: 2, threads: 2) { block, _ in
            if block == 1 {
                secondStarted.store(true, ordering: .releasing)
                return
            }
            // Block 0 waits (at most 10 s) for block 1 to start on the other thread.
            let deadline = DispatchTime.now().uptimeNanoseconds + 10_000_000_000
            while DispatchTime.now().uptimeNanoseconds < deadline {
                if secondStarted.load(ordering: .acquiring) {
                    overlapped.store(true, ordering: .releasing)
                    return
                }
                sched_yield()
            }
        }
        let ranTogether = overlapped.load(ordering: .acquiring)
        #expect(ranTogether, "the fresh pool's worker sat its first job out")
    }
}
