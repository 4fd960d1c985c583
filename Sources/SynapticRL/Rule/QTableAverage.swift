/// The running mean of the Q-table over the iterations of an adaptive run.
///
/// The final table of an adaptive run chases the last few thousand rewards of one task; its time average
/// is the smoother policy, and it is the one that transfers to new tasks when applied statically.
public struct QTableAverage: Sendable {
    public private(set) var sums: [Double]
    public private(set) var sampleCount: Int = 0
    let historyLength: Int

    public init(like table: QTable) {
        sums = [Double](repeating: 0, count: table.values.count)
        historyLength = table.historyLength
    }

    /// An average as a checkpoint kept it.
    package init(like table: QTable, sums: [Double], sampleCount: Int) {
        precondition(sums.count == table.values.count && sampleCount >= 0, "average shape mismatch")
        self.sums = sums
        self.sampleCount = sampleCount
        historyLength = table.historyLength
    }

    public mutating func add(_ table: QTable) {
        precondition(table.values.count == sums.count, "table shape changed during the run")
        for index in sums.indices { sums[index] += table.values[index] }
        sampleCount += 1
    }

    /// The mean table, or nil before the first sample.
    public var mean: QTable? {
        guard sampleCount > 0 else { return nil }
        let scale = 1 / Double(sampleCount)
        return try? QTable(historyLength: historyLength, values: sums.map { $0 * scale })
    }
}
