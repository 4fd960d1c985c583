/// A sum over samples whose value does not depend on the thread count: samples are cut into fixed chunks
/// of `chunkSize`, each chunk is summed in Double in sample order, and the chunk sums are added in chunk order.
public enum ChunkedSum {
    public static let chunkSize = 256

    /// Σ over chunks (in order) of `chunkTotal(range)`, chunks computed on up to `threads` threads.
    public static func total(samples: Int, threads: Int, _ chunkTotal: (Range<Int>) -> Double) -> Double {
        let chunks = (samples + chunkSize - 1) / chunkSize
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: max(chunks, 1)) { partial in
            Parallel.forEachBlock(count: chunks, threads: threads) { chunkRange in
                for chunk in chunkRange {
                    let start = chunk * chunkSize
                    partial[chunk] = chunkTotal(start..<min(start + chunkSize, samples))
                }
            }
            var sum = 0.0
            for chunk in 0..<chunks { sum += partial[chunk] }
            return sum
        }
    }
}
