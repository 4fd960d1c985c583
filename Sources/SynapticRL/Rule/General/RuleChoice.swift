import Foundation

/// What one iteration's general sweep needs to pick every synapse's action, computed once per iteration from the
/// table and the shared reward code: per local state (`RuleStateSpace.localStateCount`, a few thousand at most
/// in practice) the greedy action, or for the Boltzmann policy A − 1 cumulative thresholds on a 32-bit draw.
@_spi(Benchmarks) public struct RuleChoice: Sendable {
    public enum Kind: Sendable { case greedy, boltzmann }
    public let kind: Kind
    /// greedy[local]: the greedy (or fixed) action of each local state under this iteration's reward code.
    public let greedy: [UInt8]
    /// thresholds[local · (A − 1) + j]: a draw ≥ it takes an action above j.
    public let thresholds: [UInt32]
    public let exploreThreshold: UInt32
    public let alwaysExplore: Bool
    public let actionCount: Int
    public let key: UInt64

    public init(rule: SynapticRule, table: RuleTable, rewardCode: Int, epsilon: Double, temperature: Double,
                seed: UInt64, iteration: Int) {
        let space = table.space
        actionCount = space.actionCount
        key = CounterRandom.key(seed: seed, stream: .synapseActions, iteration: UInt64(iteration))
        (exploreThreshold, alwaysExplore) = SweepPlan.exploreThreshold(epsilon: epsilon)
        let locals = 0..<space.localStateCount
        switch rule.policy {
        case .epsilonGreedy:
            kind = .greedy
            greedy = locals.map { UInt8(table.greedyAction(state: space.state(local: $0, rewardCode: rewardCode))) }
            thresholds = []
        case .fixed(let map):
            kind = .greedy
            greedy = locals.map { UInt8(Self.fixedAction(map, state: space.state(local: $0, rewardCode: rewardCode), space: space)) }
            thresholds = []
        case .boltzmann:
            kind = .boltzmann
            greedy = []
            thresholds = locals.flatMap {
                Self.boltzmannThresholds(table: table, state: space.state(local: $0, rewardCode: rewardCode), temperature: temperature)
            }
        }
    }

    /// The action a fixed map takes in `state`.
    static func fixedAction(_ map: RuleActionMap, state: Int, space: RuleStateSpace) -> Int {
        let rewardCode = state % space.rewardCodes
        let actionCode = (state / space.rewardCodes) % space.actionCodes
        let (last, reward) = (space.lastAction(ofCode: actionCode), space.lastReward(ofCode: rewardCode))
        switch map {
        case .table(let actions): return actions[state]
        case .repeatOrReverse: return reward == Int(RewardSymbol.penalty) ? space.actionCount - 1 - last : last
        case .repeatOrStay: return reward == Int(RewardSymbol.penalty) ? space.actionCount / 2 : last
        }
    }

    /// P(a) ∝ exp((Q(s, a) − max Q(s, ·)) / T) as cumulative 32-bit thresholds: action a is taken by draws in
    /// [threshold(a − 1), threshold(a)).
    static func boltzmannThresholds(table: RuleTable, state: Int, temperature: Double) -> [UInt32] {
        let (count, base) = (table.actionCount, state * table.actionCount)
        let largest = table.maximumValue(state: state)
        let weights = (0..<count).map { Foundation.exp((table.values[base + $0] - largest) / temperature) }
        let total = weights.reduce(0, +)
        var cumulative = 0.0
        return (0..<(count - 1)).map { action in
            cumulative += weights[action]
            return UInt32(min((cumulative / total * 0x1p32).rounded(), 0x1p32 - 1))
        }
    }

    /// A uniform action in 0..<count from a 32-bit draw: its top 24 bits times count, shifted down (for three
    /// actions the paper sweep's `SweepPlan.randomAction`).
    @inline(__always)
    static func randomAction(_ draw: UInt32, count: Int) -> Int {
        Int(((draw &>> 8) &* UInt32(truncatingIfNeeded: count)) &>> 24)
    }
}
