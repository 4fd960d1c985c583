extension RuleSweep {
    /// The plain version of `run`: one thread, the policy read from the table synapse by synapse (argmax, the
    /// fixed map, or the Boltzmann thresholds of its state), each synapse's step multiplier from `isBias`.
    public static func scalarTwin(
        weights: inout [Float], memory: inout RuleMemory, rule: SynapticRule, table: RuleTable, epsilon: Double,
        temperature: Double, seed: UInt64, iteration: Int, network: Network, step: Float
    ) {
        let space = table.space
        let key = CounterRandom.key(seed: seed, stream: .synapseActions, iteration: UInt64(iteration))
        let (threshold, always) = SweepPlan.exploreThreshold(epsilon: epsilon)
        for k in weights.indices {
            let local = space.local(staticIndex: Int(memory.staticIndices[k]), negative: weights[k] < 0,
                                    active: memory.isPresynapticActive(k), actionCode: Int(memory.actionCodes[k]))
            let state = space.state(local: local, rewardCode: memory.rewardCode)
            memory.states[k] = UInt32(state)
            let draws = CounterRandom.synapseDraws(key: key, index: UInt32(k))
            let action: Int
            switch rule.policy {
            case .boltzmann:
                let thresholds = RuleChoice.boltzmannThresholds(table: table, state: state, temperature: temperature)
                action = thresholds.filter { draws.action >= $0 }.count
            case .epsilonGreedy, .fixed:
                let explores = always || draws.explore < threshold
                if explores {
                    action = RuleChoice.randomAction(draws.action, count: space.actionCount)
                } else if case .fixed(let map) = rule.policy {
                    action = RuleChoice.fixedAction(map, state: state, space: space)
                } else {
                    action = table.greedyAction(state: state)
                }
            }
            memory.actions[k] = UInt8(action)
            let move = step * (network.isBias(k) ? rule.biasStepMultiplier : 1) * Float(rule.actions.level(of: action))
            if rule.actions == .multiplicative { weights[k] *= 1 + move } else { weights[k] += move }
        }
    }
}
