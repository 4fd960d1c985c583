/// What a data-parallel run and a checkpoint need of the first layer: the whole minibatch's state gathered from
/// every process's share of its columns, and a process's share cut back out of it on resume.
extension ClassificationTask {
    /// The first layer's state over the whole minibatch, for a checkpoint. In a data-parallel run every process
    /// must call this at the same point (its share is gathered); the lead gets the whole, the others nil.
    package func firstLayerSnapshot() -> StackedFirstLayer.Snapshot? {
        let local = firstLayer.snapshot
        guard let parallel else { return local }
        let (base, counts) = (parallel.collectFloats(local.base), parallel.collectIntegers(local.counts))
        guard let base, let counts else { return nil }
        let shares = (0..<parallel.size).map { DataParallel.share(rank: $0, of: parallel.size, samples: batchSize) }
        var whole = local
        whole.base = Self.interleave(base, rows: firstLayer.outputs, shares: shares, samples: batchSize)
        whole.counts = Self.interleave(counts, rows: firstLayer.outputs, shares: shares, samples: batchSize)
        return whole
    }

    /// (rows, samples) row-major from the processes' (rows, share) blocks concatenated in rank order.
    private static func interleave<T>(_ blocks: [T], rows: Int, shares: [Range<Int>], samples: Int) -> [T] {
        var whole = [T]()
        whole.reserveCapacity(rows * samples)
        for row in 0..<rows {
            var offset = 0
            for share in shares {
                whole += blocks[(offset + row * share.count)..<(offset + (row + 1) * share.count)]
                offset += rows * share.count
            }
        }
        return whole
    }

    /// Continues from a checkpoint: minibatch `number` and the first layer exactly as they were (this process's
    /// share of its columns in a data-parallel run).
    package func restore(batchNumber number: Int, firstLayer snapshot: StackedFirstLayer.Snapshot) {
        selectBatch(number: number)
        var mine = snapshot
        if share.count != batchSize {
            let rows = firstLayer.outputs
            mine.base = (0..<rows).flatMap { snapshot.base[($0 * batchSize + share.lowerBound)..<($0 * batchSize + share.upperBound)] }
            mine.counts = (0..<rows).flatMap { snapshot.counts[($0 * batchSize + share.lowerBound)..<($0 * batchSize + share.upperBound)] }
        }
        firstLayer.restore(mine)
    }
}
