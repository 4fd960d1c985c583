/// A sum over samples whose value does not depend on the thread count, nor on how many processes share the
/// samples: samples are cut into fixed chunks of `chunkSize`, each chunk is summed in Double in sample order,
/// and the chunk sums are added in chunk order.
package enum ChunkedSum {
    public static let chunkSize = 256

    /// The fewest chunks a thread takes: handing work to a ready `WorkerPool` thread costs under a microsecond
    /// (`make bench`), far less than two chunks of any loss here, so the 2-D task's eight chunks are shared.
    static let minimumChunksPerThread = 2

    public static func chunkCount(samples: Int) -> Int { (samples + chunkSize - 1) / chunkSize }

    /// Σ over chunks (in order) of `chunkTotal(range)`, chunks computed on up to `threads` threads.
    public static func total(samples: Int, threads: Int, _ chunkTotal: (Range<Int>) -> Double) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(chunkCount(samples: samples), 1)) { partial in
            chunkTotals(samples: samples, threads: threads, into: partial, chunkTotal)
            return orderedSum(UnsafeBufferPointer(rebasing: partial[0..<chunkCount(samples: samples)]))
        }
    }

    /// Each chunk's `chunkTotal(range)` into `totals` (chunkCount(samples:) of them), on up to `threads` threads.
    public static func chunkTotals(samples: Int, threads: Int, into totals: UnsafeMutableBufferPointer<Double>,
                                   _ chunkTotal: (Range<Int>) -> Double) {
        let chunks = chunkCount(samples: samples)
        precondition(totals.count >= chunks, "room for \(chunks) chunk sums needed")
        func total(_ chunk: Int) {
            let start = chunk * chunkSize
            totals[chunk] = chunkTotal(start..<min(start + chunkSize, samples))
        }
        if Parallel.parts(count: chunks, threads: threads, minimumBlock: minimumChunksPerThread) == 1 {
            for chunk in 0..<chunks { total(chunk) }
        } else {
            Parallel.forEachItem(count: chunks, threads: threads) { chunk, _ in total(chunk) }  // chunks claimed one by one
        }
    }

    /// The chunk sums added in chunk order: the one order every process and thread count shares.
    public static func orderedSum(_ totals: UnsafeBufferPointer<Double>) -> Double {
        var sum = 0.0
        for total in totals { sum += total }
        return sum
    }
}
