/// Running tallies of actions and rewards between two metrics rows (and for an iteration's report).
package struct ActionTally: Codable, Equatable {
    package var counts = [Int](repeating: 0, count: 3)
    package var rewarded = 0
    package var iterations = 0

    package init() {}

    /// Counts the moves down (actions below `none`), none and up, and the reward. Runs every iteration, so it is
    /// one vectorisable pass of two compares.
    package mutating func add(actions: [UInt8], reward: Double, none: UInt8 = ActionSymbol.none) {
        let (down, up) = actions.withUnsafeBufferPointer { pointer -> (Int, Int) in
            var down = 0, up = 0
            for action in pointer {
                down &+= action < none ? 1 : 0
                up &+= action > none ? 1 : 0
            }
            return (down, up)
        }
        counts[0] += down
        counts[1] += actions.count - down - up
        counts[2] += up
        rewarded += reward > 0 ? 1 : 0
        iterations += 1
    }

    package var fractions: [Double] {
        let total = max(counts.reduce(0, +), 1)
        return counts.map { Double($0) / Double(total) }
    }

    package var rewardFraction: Double { Double(rewarded) / Double(max(iterations, 1)) }
}
