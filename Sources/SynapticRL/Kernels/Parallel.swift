import Dispatch

/// Splits work over a fixed number of threads in contiguous blocks. Callers make every result independent
/// of the split (per-synapse counter-based draws, per-chunk sums added in chunk order).
package enum Parallel {
    /// Calls `body` once per block of `0..<count` split into at most `threads` contiguous ranges, and into no
    /// more than `count / minimumBlock`: work smaller than waking a thread costs stays on the calling thread.
    public static func forEachBlock(count: Int, threads: Int, minimumBlock: Int = 1, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let blocks = max(1, min(threads, count / max(minimumBlock, 1)))
        if blocks == 1 {
            body(0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: blocks) { block in
            body(blockRange(block, of: blocks, count: count))
        }
    }

    /// The `block`-th of `blocks` near-equal contiguous ranges covering 0..<count.
    static func blockRange(_ block: Int, of blocks: Int, count: Int) -> Range<Int> {
        (block * count / blocks)..<((block + 1) * count / blocks)
    }
}
