import Foundation
import Synchronization

/// Threads kept ready between the parallel phases of an iteration, so that handing out blocks costs a cache-line
/// round trip rather than a Dispatch wake-up: after 100 µs of serial work, handing two blocks over costs about
/// 1 µs here against 8 µs for concurrentPerform (`make bench BENCH_ARGS="--target Iteration"`), and an iteration
/// hands work over several times between phases of 10–500 µs.
///
/// One job at a time: the caller publishes it, runs blocks itself, and returns when every block is done. Workers
/// spin for a while after a job (the next phase is usually microseconds away), then sleep on a condition. A job
/// started while another runs (a nested or concurrent call) runs its blocks on the calling thread, in order.
/// Which thread runs a block never matters: callers make results independent of the split.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    /// The job word: generation (bits 32…), block count (bits 16…31), next block to claim (bits 0…15). One word,
    /// so that a worker claims a block of the job it saw and a late worker can never claim the next job's.
    private let job = Atomic<Int>(0)
    private let finishedBlocks = Atomic<Int>(0)
    private let running = Atomic<Bool>(false)
    private let sleepers = Atomic<Int>(0)
    private let wakeUp = NSCondition()
    /// Spawning is rare (the first job of a higher thread count) and guarded by `running`.
    private var workers = 0
    /// Where the current job's block body lies (on the stack of the thread that runs the job); written only while
    /// no block of it can run. A pointer, not the closure itself, so that publishing a job retains nothing.
    private nonisolated(unsafe) var task: UnsafePointer<(Int) -> Void>?

    static let largestBlockCount = 1 << 15
    /// Never more threads than cores: a spinning worker without a core of its own only slows the others, so
    /// `--threads` beyond the cores runs as many as there are (results do not depend on it either way).
    static let cores = max(ProcessInfo.processInfo.activeProcessorCount, 1)
    /// Spins of a worker waiting for work before it sleeps, a sched_yield every `spinsPerYield` of them: about
    /// 100–200 µs here, longer than the gaps between an iteration's phases.
    private static let spinsBeforeSleep = 1 << 17
    private static let spinsPerYield = 256

    /// Runs `body(0) … body(blocks − 1)`, on the calling thread and on up to `threads − 1` workers (fewer on a
    /// machine with fewer cores).
    func run(blocks: Int, threads: Int, _ body: (Int) -> Void) {
        precondition(blocks <= Self.largestBlockCount, "at most \(Self.largestBlockCount) blocks per job")
        guard blocks > 1, threads > 1, running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for block in 0..<blocks { body(block) }
            return
        }
        defer { running.store(false, ordering: .releasing) }
        ensureWorkers(min(threads, blocks, Self.cores) - 1)
        withoutActuallyEscaping(body) { body in
            withUnsafePointer(to: body) { publish(task: $0, blocks: blocks) }
        }
    }

    /// Publishes the job, takes part in it, and returns when its every block is done.
    private func publish(task body: UnsafePointer<(Int) -> Void>, blocks: Int) {
        task = body
        finishedBlocks.store(0, ordering: .relaxed)
        let generation = (job.load(ordering: .relaxed) >> 32) + 1
        job.store(generation << 32 | blocks << 16, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            wakeUp.lock()
            wakeUp.broadcast()
            wakeUp.unlock()
        }
        runBlocks(generation: generation)
        var spins = 0
        while finishedBlocks.load(ordering: .acquiring) < blocks {
            spins += 1
            if spins % Self.spinsPerYield == 0 { sched_yield() }
        }
        task = nil
    }

    /// Claims and runs blocks of job `generation` until none is left (or a newer job replaced it).
    private func runBlocks(generation: Int) {
        var word = job.load(ordering: .acquiring)
        while word >> 32 == generation {
            let (blocks, next) = ((word >> 16) & 0xFFFF, word & 0xFFFF)
            guard next < blocks else { return }
            let (claimed, current) = job.compareExchange(expected: word, desired: word + 1, ordering: .acquiringAndReleasing)
            guard claimed else {
                word = current
                continue
            }
            task!.pointee(next)
            finishedBlocks.add(1, ordering: .releasing)
            word = job.load(ordering: .acquiring)
        }
    }

    private func ensureWorkers(_ count: Int) {
        while workers < count {
            let thread = Thread { [self] in workerLoop() }
            thread.stackSize = 8 << 20  // block bodies keep scratch on the stack
            thread.name = "synrl-worker-\(workers + 1)"
            thread.start()
            workers += 1
        }
    }

    private func workerLoop() {
        var seen = job.load(ordering: .acquiring) >> 32
        while true {
            var spins = 0
            var generation = job.load(ordering: .acquiring) >> 32
            while generation == seen {
                spins += 1
                if spins % Self.spinsPerYield == 0 { sched_yield() }
                if spins >= Self.spinsBeforeSleep {
                    sleep(whileGenerationIs: seen)
                    spins = 0
                }
                generation = job.load(ordering: .acquiring) >> 32
            }
            seen = generation
            runBlocks(generation: generation)
        }
    }

    /// Sleeps until a job newer than `generation` is published. The sleeper count is raised before the job word
    /// is read again, and `run` publishes before it reads the count, so one of them sees the other: no lost wake-up.
    private func sleep(whileGenerationIs generation: Int) {
        sleepers.add(1, ordering: .sequentiallyConsistent)
        wakeUp.lock()
        while job.load(ordering: .sequentiallyConsistent) >> 32 == generation { wakeUp.wait() }
        wakeUp.unlock()
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
    }
}
