/// What one iteration's sweep needs to know, computed once per iteration: the greedy action of every
/// action code under the shared reward history, the exploration threshold and the iteration's random key.
@_spi(Benchmarks) public struct SweepPlan: Sendable {
    /// greedyActions[actionCode] = argmax_a Q[(actionCode, rewardCode)][a], for histories longer than 2 only
    /// (shorter ones use `packedGreedyActions`, so a plan allocates nothing in the common case).
    public let greedyActions: [UInt8]
    /// A synapse explores when its exploration draw is below this: ⌈ε · 2^32⌉, so that draw < threshold
    /// exactly when draw < ε · 2^32 (ε = 1 sets `alwaysExplore`).
    public let exploreThreshold: UInt32
    public let alwaysExplore: Bool
    /// For history lengths up to 2 (at most 9 codes): the greedy actions packed two bits per code, so a SIMD lane
    /// finds its greedy action by a variable shift instead of a byte gather.
    public let packedGreedyActions: UInt32?
    /// The counter-based key of (seed, synapse-action stream, iteration); synapse k draws synapseDraws(key, k).
    public let key: UInt64

    public init(table: QTable, rewardCode: UInt8, epsilon: Double, seed: UInt64, iteration: Int) {
        (exploreThreshold, alwaysExplore) = Self.exploreThreshold(epsilon: epsilon)
        key = CounterRandom.key(seed: seed, stream: .synapseActions, iteration: UInt64(iteration))
        let codeCount = table.coding.codeCount
        if codeCount <= 16 {
            var packed: UInt32 = 0
            for code in 0..<codeCount {
                let greedy = table.greedyAction(state: table.state(actionCode: UInt8(code), rewardCode: rewardCode))
                packed |= UInt32(greedy) << (2 * UInt32(code))
            }
            packedGreedyActions = packed
            greedyActions = []
        } else {
            packedGreedyActions = nil
            greedyActions = table.greedyActions(rewardCode: rewardCode)
        }
    }

    public static func exploreThreshold(epsilon: Double) -> (threshold: UInt32, always: Bool) {
        precondition((0...1).contains(epsilon), "epsilon must be in [0, 1]")
        let scaled = (epsilon * 0x1p32).rounded(.up)
        return scaled >= 0x1p32 ? (UInt32.max, true) : (UInt32(scaled), false)
    }

    /// A uniform action in 0...2 from a 32-bit draw: its top 24 bits times 3, shifted down (bias below 1e-7).
    @inline(__always)
    public static func randomAction(_ draw: UInt32) -> UInt32 {
        ((draw &>> 8) &* 3) &>> 24
    }
}
