/// The table updates of a general rule, synapse by synapse in canonical order, in place on the shared table
/// (later synapses see what earlier ones wrote), as `TemporalDifferencePass` does for the paper's rule.
@_spi(Benchmarks) public enum RuleLearningPass {
    /// Q-learning after an iteration: Q(s, a) += α · (R + γ · max_a' Q(s', a') − Q(s, a)), s the state synapse k
    /// chose in, s' its state now (its action pushed, the new reward code, the sign of its moved weight; its
    /// presynaptic activity as it was, the next iteration's not being known yet).
    public static func qLearning(
        table: inout RuleTable, memory: RuleMemory, weights: [Float], newRewardCode: Int, reward: Double,
        rate: Double, discount: Double
    ) {
        let space = table.space
        let count = space.actionCount
        for k in weights.indices {
            let code = space.pushingAction(Int(memory.actions[k]), onto: Int(memory.actionCodes[k]))
            let next = space.state(local: space.local(staticIndex: Int(memory.staticIndices[k]), negative: weights[k] < 0,
                                                      active: memory.isPresynapticActive(k), actionCode: code),
                                   rewardCode: newRewardCode)
            let index = Int(memory.states[k]) * count + Int(memory.actions[k])
            let current = table.values[index]
            table.values[index] = current + rate * (reward + discount * table.maximumValue(state: next) - current)
        }
    }

    /// SARSA, one iteration late: Q(s, a) += α · (R + γ · Q(s', a') − Q(s, a)) with (s, a, R) from `pending` and
    /// (s', a') what synapse k has just chosen.
    public static func sarsa(
        table: inout RuleTable, pending: RuleMemory.Pending, memory: RuleMemory, rate: Double, discount: Double
    ) {
        let count = table.actionCount
        for k in memory.actions.indices {
            let index = Int(pending.states[k]) * count + Int(pending.actions[k])
            let next = table.values[Int(memory.states[k]) * count + Int(memory.actions[k])]
            let current = table.values[index]
            table.values[index] = current + rate * (pending.reward + discount * next - current)
        }
    }
}
