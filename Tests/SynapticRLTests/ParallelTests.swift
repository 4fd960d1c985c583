import Foundation
import Testing
@testable import SynapticRL

@Suite struct ParallelTests {
    /// The blocks cover 0..<count once, in order, and number at most `threads` and at most count / minimumBlock
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
                let expected = count == 0 ? 0 : max(1, min(threads, count / minimumBlock))
                #expect(blocks.count == expected, "count \(count), \(threads) threads, minimum \(minimumBlock)")
            }
        }
    }
}
