/// Running tallies of actions and rewards between two metrics rows (and for an iteration's report).
package struct ActionTally: Codable, Equatable {
    package var counts = [Int](repeating: 0, count: 3)
    package var rewarded = 0
    package var iterations = 0

    package init() {}

    /// Runs every iteration, so it is one vectorisable pass: with z the count of 0s (−) and t the sum of the
    /// codes, t = none + 2·plus and none = n − z − plus, hence plus = t − n + z.
    package mutating func add(actions: [UInt8], reward: Double) {
        let (zeros, sum) = actions.withUnsafeBufferPointer { pointer -> (Int, Int) in
            var zeros = 0, sum = 0
            for action in pointer {
                zeros &+= action == 0 ? 1 : 0
                sum &+= Int(action)
            }
            return (zeros, sum)
        }
        let plus = sum - actions.count + zeros
        counts[0] += zeros
        counts[1] += actions.count - zeros - plus
        counts[2] += plus
        rewarded += reward > 0 ? 1 : 0
        iterations += 1
    }

    package var fractions: [Double] {
        let total = max(counts.reduce(0, +), 1)
        return counts.map { Double($0) / Double(total) }
    }

    package var rewardFraction: Double { Double(rewarded) / Double(max(iterations, 1)) }
}
