/// The one Q-table shared by every synapse.
///
/// A state is (a(t−n)…a(t−1), R(t−n)…R(t−1)); its index is actionCode · 3^n + rewardCode, and
/// `values[state · 3 + action]` is Q(state, action). For n = 2 that is 81 states × 3 actions = 243 values,
/// laid out exactly as the authors' table.
public struct QTable: Sendable, Equatable {
    public let coding: HistoryCoding
    public var values: [Double]

    public static let actionCount = 3

    /// A table of zeros: every state unvisited.
    public init(historyLength: Int) {
        coding = HistoryCoding(length: historyLength)
        values = [Double](repeating: 0, count: coding.codeCount * coding.codeCount * Self.actionCount)
    }

    public init(historyLength: Int, values: [Double]) throws {
        let coding = HistoryCoding(length: historyLength)
        let expected = coding.codeCount * coding.codeCount * Self.actionCount
        guard values.count == expected else {
            throw SynapticRLError.invalidPolicy("a history of \(historyLength) needs \(expected) Q-values, got \(values.count)")
        }
        guard values.allSatisfy(\.isFinite) else {
            throw SynapticRLError.invalidPolicy("the Q-table holds a non-finite value")
        }
        self.coding = coding
        self.values = values
    }

    public var historyLength: Int { coding.length }
    public var stateCount: Int { coding.codeCount * coding.codeCount }

    @inline(__always)
    public func state(actionCode: UInt8, rewardCode: UInt8) -> Int {
        Int(actionCode) * coding.codeCount + Int(rewardCode)
    }

    /// argmax over the three actions, the first maximum on ties (as Julia's and numpy's argmax).
    @inline(__always)
    public func greedyAction(state: Int) -> UInt8 {
        let base = state * Self.actionCount
        var best: UInt8 = 0
        var bestValue = values[base]
        for action in 1..<Self.actionCount where values[base + action] > bestValue {
            best = UInt8(action)
            bestValue = values[base + action]
        }
        return best
    }

    @inline(__always)
    public func maximumValue(state: Int) -> Double {
        let base = state * Self.actionCount
        return max(values[base], max(values[base + 1], values[base + 2]))
    }

    /// For each action code, the greedy action under one shared reward code: because rewards are global,
    /// this small table is all a sweep needs to know about the policy in one iteration.
    public func greedyActions(rewardCode: UInt8) -> [UInt8] {
        (0..<coding.codeCount).map { greedyAction(state: state(actionCode: UInt8($0), rewardCode: rewardCode)) }
    }

    /// Q[s][a] += rate · (reward + discount · max_a' Q[s'][a'] − Q[s][a]).
    @inline(__always)
    public mutating func temporalDifferenceUpdate(
        state: Int, action: UInt8, reward: Double, nextState: Int, rate: Double, discount: Double
    ) {
        let index = state * Self.actionCount + Int(action)
        let current = values[index]
        values[index] = current + rate * (reward + discount * maximumValue(state: nextState) - current)
    }
}
