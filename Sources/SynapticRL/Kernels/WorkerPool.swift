import Foundation
import Synchronization

/// Threads kept ready between the parallel phases of an iteration, so that handing out blocks costs a cache-line
/// round trip rather than a Dispatch wake-up: after 100 µs of serial work, handing two blocks over costs about
/// 1 µs here against 8 µs for concurrentPerform (`make bench BENCH_ARGS="--target Iteration"`), and an iteration
/// hands work over several times between phases of 10–500 µs.
///
/// One job at a time: the caller publishes it, runs blocks itself, and returns when every block is done. Blocks
/// are claimed one at a time, so a thread that the machine's other work delays takes fewer of them. Each
/// participant has a slot (the caller 0, the workers 1, 2, …) that it passes to the body, for scratch of its own.
/// Workers spin for a while after a job (the next phase is usually microseconds away), then sleep on a condition.
/// A job started while another runs (a nested or concurrent call) runs its blocks on the calling thread, in order,
/// in slot 0. Which thread runs a block never matters: callers make results independent of the split.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    /// The job word: generation (bits 32…), block count (bits 16…31), next block to claim (bits 0…15). One word,
    /// so that a worker claims a block of the job it saw and a late worker can never claim the next job's.
    private let job = Atomic<Int>(0)
    private let finishedBlocks = Atomic<Int>(0)
    /// Slots that take part in the current job: the caller's and workers 1 ..< participants.
    private let participants = Atomic<Int>(1)
    private let running = Atomic<Bool>(false)
    private let sleepers = Atomic<Int>(0)
    private let wakeUp = NSCondition()
    /// Spawning is rare (the first job of a higher thread count) and guarded by `running`.
    private var workers = 0
    /// Where the current job's block body lies (on the stack of the thread that runs the job); written only while
    /// no block of it can run. A pointer, not the closure itself, so that publishing a job retains nothing.
    private nonisolated(unsafe) var task: UnsafePointer<(Int, Int) -> Void>?

    static let largestBlockCount = 1 << 15
    /// Never more threads than cores: a spinning worker without a core of its own only slows the others, so
    /// `--threads` beyond the cores runs as many as there are (results do not depend on it either way).
    static let cores = max(ProcessInfo.processInfo.activeProcessorCount, 1)
    /// Spins of a worker waiting for work before it sleeps, a sched_yield every `spinsPerYield` of them (512
    /// yields in all): meant to outlast the gaps between an iteration's phases, so that only a pause between
    /// iterations (an evaluation, a checkpoint) puts the workers to sleep.
    private static let spinsBeforeSleep = 1 << 17
    private static let spinsPerYield = 256

    /// The slots a job of `threads` can use: 0 ..< slots(threads:), never more than the cores.
    static func slots(threads: Int) -> Int { max(1, min(threads, cores)) }

    /// Runs `body(block, slot)` for every block in 0 ..< blocks, on the calling thread (slot 0) and on up to
    /// slots(threads:) − 1 workers (slots 1 …).
    func run(blocks: Int, threads: Int, _ body: (_ block: Int, _ slot: Int) -> Void) {
        precondition(blocks <= Self.largestBlockCount, "at most \(Self.largestBlockCount) blocks per job")
        let slots = min(Self.slots(threads: threads), blocks)
        guard slots > 1, running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for block in 0..<blocks { body(block, 0) }
            return
        }
        defer { running.store(false, ordering: .releasing) }
        ensureWorkers(slots - 1)
        withoutActuallyEscaping(body) { body in
            withUnsafePointer(to: body) { publish(task: $0, blocks: blocks, slots: slots) }
        }
    }

    /// Publishes the job, takes part in it, and returns when its every block is done.
    private func publish(task body: UnsafePointer<(Int, Int) -> Void>, blocks: Int, slots: Int) {
        task = body
        participants.store(slots, ordering: .relaxed)
        finishedBlocks.store(0, ordering: .relaxed)
        let generation = (job.load(ordering: .relaxed) >> 32) + 1
        job.store(generation << 32 | blocks << 16, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            wakeUp.lock()
            wakeUp.broadcast()
            wakeUp.unlock()
        }
        runBlocks(generation: generation, slot: 0)
        var spins = 0
        while finishedBlocks.load(ordering: .acquiring) < blocks {
            spins += 1
            if spins % Self.spinsPerYield == 0 { sched_yield() }
        }
        task = nil
    }

    /// Claims and runs blocks of job `generation` in `slot` until none is left (or a newer job replaced it).
    private func runBlocks(generation: Int, slot: Int) {
        var word = job.load(ordering: .acquiring)
        while word >> 32 == generation {
            let (blocks, next) = ((word >> 16) & 0xFFFF, word & 0xFFFF)
            guard next < blocks else { return }
            let (claimed, current) = job.compareExchange(expected: word, desired: word + 1, ordering: .acquiringAndReleasing)
            guard claimed else {
                word = current
                continue
            }
            task!.pointee(next, slot)
            finishedBlocks.add(1, ordering: .releasing)
            word = job.load(ordering: .acquiring)
        }
    }

    /// Spawns the workers a job of `count + 1` slots needs, before the job is published: each is told the
    /// generation now current, so it takes part in the next one even if it starts after that was published
    /// (one that read the job word itself could see the new job as already seen and sit it out).
    private func ensureWorkers(_ count: Int) {
        let current = job.load(ordering: .acquiring) >> 32
        while workers < count {
            let slot = workers + 1
            let thread = Thread { [self] in workerLoop(slot: slot, seen: current) }
            thread.stackSize = 8 << 20  // block bodies keep scratch on the stack
            thread.name = "synrl-worker-\(slot)"
            thread.start()
            workers += 1
        }
    }

    private func workerLoop(slot: Int, seen: Int) {
        var seen = seen
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
            // The job word's generation is read before `participants`, which `publish` stores before the word.
            if slot < participants.load(ordering: .acquiring) { runBlocks(generation: generation, slot: slot) }
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
