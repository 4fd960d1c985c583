/// What one iteration's sweep needs to know, computed once per iteration: the greedy action of every
/// action code under the shared reward history, the exploration threshold and the iteration's random key.
public struct SweepPlan: Sendable {
    /// greedyActions[actionCode] = argmax_a Q[(actionCode, rewardCode)][a].
    public let greedyActions: [UInt8]
    /// A synapse explores when the high 32 bits of its draw are below this: ε · 2^32 (2^32 when ε = 1).
    public let exploreThreshold: UInt64
    /// The counter-based key of (seed, synapse-action stream, iteration); synapse k draws bits(key, k).
    public let key: UInt64

    public init(table: QTable, rewardCode: UInt8, epsilon: Double, seed: UInt64, iteration: Int) {
        greedyActions = table.greedyActions(rewardCode: rewardCode)
        exploreThreshold = Self.exploreThreshold(epsilon: epsilon)
        key = CounterRandom.key(seed: seed, stream: .synapseActions, iteration: UInt64(iteration))
    }

    public static func exploreThreshold(epsilon: Double) -> UInt64 {
        precondition((0...1).contains(epsilon), "epsilon must be in [0, 1]")
        return UInt64((epsilon * 0x1p32).rounded(.down))
    }
}
