/// Splits work over a fixed number of threads in contiguous blocks, run by `WorkerPool`. Callers make every
/// result independent of the split (per-synapse counter-based draws, per-chunk sums added in chunk order).
@_spi(Benchmarks) public enum Parallel {
    /// Calls `body` once per block of `0..<count` split into `parts(count:threads:minimumBlock:)` contiguous
    /// ranges: work smaller than handing it to a thread costs stays on the calling thread.
    public static func forEachBlock(count: Int, threads: Int, minimumBlock: Int = 1, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let blocks = parts(count: count, threads: threads, minimumBlock: minimumBlock)
        if blocks == 1 {
            body(0..<count)
            return
        }
        WorkerPool.shared.run(blocks: blocks, threads: threads) { block, _ in body(blockRange(block, of: blocks, count: count)) }
    }

    /// Calls `body(item, slot)` for every item in 0..<count, items claimed one at a time by up to `threads`
    /// threads (so a delayed thread takes fewer), `slot` in 0..<slots(threads:) naming the thread's scratch.
    /// Beyond `WorkerPool.largestBlockCount` items (a 100-million-point loss has 390,625 chunks), runs of
    /// consecutive items are claimed instead of single ones.
    public static func forEachItem(count: Int, threads: Int, _ body: (_ item: Int, _ slot: Int) -> Void) {
        guard count > 0 else { return }
        let run = (count + WorkerPool.largestBlockCount - 1) / WorkerPool.largestBlockCount
        if run == 1 { return WorkerPool.shared.run(blocks: count, threads: threads, body) }
        WorkerPool.shared.run(blocks: (count + run - 1) / run, threads: threads) { block, slot in
            for item in (block * run)..<min((block + 1) * run, count) { body(item, slot) }
        }
    }

    /// The scratch slots `forEachItem` may use with `threads`.
    public static func slots(threads: Int) -> Int { WorkerPool.slots(threads: threads) }

    /// How many blocks `forEachBlock` cuts `count` items into (at least one): no more than `threads`, than the
    /// machine's cores (`WorkerPool.cores`: more blocks than threads to run them only unbalances the split), and
    /// than count / minimumBlock.
    public static func parts(count: Int, threads: Int, minimumBlock: Int = 1) -> Int {
        max(1, min(threads, WorkerPool.cores, count / max(minimumBlock, 1)))
    }

    /// The `block`-th of `blocks` near-equal contiguous ranges covering 0..<count.
    static func blockRange(_ block: Int, of blocks: Int, count: Int) -> Range<Int> {
        (block * count / blocks)..<((block + 1) * count / blocks)
    }
}
