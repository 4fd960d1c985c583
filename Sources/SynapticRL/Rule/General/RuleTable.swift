/// The one table every synapse shares under a general rule: Q(s, a) for the states of a `RuleStateSpace`,
/// values[state · A + action]. For the paper's state shape the values are laid out as a `QTable`'s.
public struct RuleTable: Sendable, Equatable {
    public let space: RuleStateSpace
    public var values: [Double]

    /// A table of zeros: every state unvisited.
    public init(space: RuleStateSpace) {
        self.space = space
        values = [Double](repeating: 0, count: space.stateCount * space.actionCount)
    }

    public init(space: RuleStateSpace, values: [Double]) throws {
        guard values.count == space.stateCount * space.actionCount else {
            throw SynapticRLError.invalidPolicy(
                "the rule's table has \(space.stateCount) states of \(space.actionCount) actions, the values number \(values.count)")
        }
        guard values.allSatisfy(\.isFinite) else { throw SynapticRLError.invalidPolicy("the table holds a non-finite value") }
        self.space = space
        self.values = values
    }

    /// A paper-shaped table (n = m, no local feature, three actions) from a `QTable` of the same history.
    public init(space: RuleStateSpace, paperTable: QTable) throws {
        guard space.features.isHistoryOnly, space.actionCount == QTable.actionCount,
              space.features.actionHistory == paperTable.historyLength else {
            throw SynapticRLError.invalidPolicy(
                "a table of history \(paperTable.historyLength) does not fit this rule's states (\(space.stateCount) of \(space.actionCount) actions)")
        }
        try self.init(space: space, values: paperTable.values)
    }

    public var actionCount: Int { space.actionCount }

    /// argmax_a Q(s, a), the first maximum on ties.
    @inline(__always)
    public func greedyAction(state: Int) -> Int {
        let base = state * actionCount
        var (best, bestValue) = (0, values[base])
        for action in 1..<actionCount where values[base + action] > bestValue { (best, bestValue) = (action, values[base + action]) }
        return best
    }

    @inline(__always)
    public func maximumValue(state: Int) -> Double {
        let base = state * actionCount
        var largest = values[base]
        for action in 1..<actionCount { largest = max(largest, values[base + action]) }
        return largest
    }
}

extension RuleTable {
    /// The table averaged with its mirror image under − ↔ + (`QTable.mirrorSymmetrized`, generalised): every
    /// remembered action flips (a → A − 1 − a, so the action code c → A^n − 1 − c), the weight's sign flips where
    /// the state holds it (the presynaptic activity does not), and Q'[s][a] = (Q[s][a] + Q[s̄][A − 1 − a]) / 2.
    public func mirrorSymmetrized() -> RuleTable {
        var mirrored = self
        let (count, rewards, codes, signs) = (actionCount, space.rewardCodes, space.actionCodes, space.signs)
        let activities = space.activities
        for state in 0..<space.stateCount {
            let rewardCode = state % rewards
            let code = (state / rewards) % codes
            let active = (state / rewards / codes) % activities
            let sign = (state / rewards / codes / activities) % signs
            let staticIndex = state / rewards / codes / activities / signs
            let image = (((staticIndex * signs + (signs - 1 - sign)) * activities + active) * codes + (codes - 1 - code))
                * rewards + rewardCode
            for action in 0..<count {
                mirrored.values[state * count + action] = (values[state * count + action] + values[image * count + count - 1 - action]) / 2
            }
        }
        return mirrored
    }
}
