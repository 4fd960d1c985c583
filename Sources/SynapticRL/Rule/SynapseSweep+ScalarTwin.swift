extension SynapseSweep {
    /// The plain twin of `run`: one synapse at a time, its full state looked up in the Q-table directly
    /// (no per-iteration greedy table), its step from `Network.isBias`, on one thread.
    public static func runScalarTwin(
        network: inout Network, state: inout SynapseState, table: QTable,
        epsilon: Double, seed: UInt64, iteration: Int, step: Float, biasMultiplier: Float
    ) {
        let key = CounterRandom.key(seed: seed, stream: .synapseActions, iteration: UInt64(iteration))
        for k in 0..<network.synapseCount {
            let draws = CounterRandom.synapseDraws(key: key, index: UInt32(k))
            let explores = Double(draws.explore) < epsilon * 0x1p32  // P = ε, in exact arithmetic
            let action: UInt8
            if explores {
                action = UInt8((Int(draws.action) / 256) * 3 / (1 << 24))  // top 24 bits scaled to 0...2
            } else {
                action = table.greedyAction(state: table.state(actionCode: state.actionCodes[k], rewardCode: state.rewardCode))
            }
            state.actions[k] = action
            let synapseStep = network.isBias(k) ? step * biasMultiplier : step
            switch action {
            case ActionSymbol.decrement: network.weights[k] += -synapseStep
            case ActionSymbol.increment: network.weights[k] += synapseStep
            default: break
            }
        }
    }
}
