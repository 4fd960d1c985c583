/// The adaptive-mode Q-learning update, the authors' exact semantics: for EVERY synapse, one after another in
/// canonical order, in place on the shared table,
///     Q[s][a] += α_q · (R + γ · max_a' Q[s'][a'] − Q[s][a]),
/// with s = (old action history, old reward history), a its action, s' = (history with a, rewards with R).
/// Later synapses see the table as earlier ones left it.
@_spi(Benchmarks) public enum TemporalDifferencePass {
    public static func apply(
        table: inout QTable, state: SynapseState, newRewardCode: UInt8, reward: Double, rate: Double, discount: Double
    ) {
        let coding = state.coding
        let oldRewardCode = state.rewardCode
        state.actionCodes.withUnsafeBufferPointer { codes in
            state.actions.withUnsafeBufferPointer { actions in
                for k in codes.indices {
                    let action = actions[k]
                    let current = table.state(actionCode: codes[k], rewardCode: oldRewardCode)
                    let next = table.state(actionCode: coding.pushing(action, onto: codes[k]), rewardCode: newRewardCode)
                    table.temporalDifferenceUpdate(state: current, action: action, reward: reward,
                                                   nextState: next, rate: rate, discount: discount)
                }
            }
        }
    }
}
