extension SynapticTrainer {
    /// The census of the current iteration's move: every synapse's action and, per layer, the shares and mean
    /// |Δw| (`SynapseCensus`). A general rule's visits come from `ruleMemory.states`; the paper rule's from the
    /// codes its last move kept (`keepsChoiceCodesAtNextMove`), state = actionCode · 3^n + rewardCode (the
    /// `QTable` and `RuleStateSpace` layout); without them, and before the first iteration, `visits` is nil.
    public func census() -> SynapseCensus {
        var states: [Int]?
        if let memory = ruleMemory {
            states = iteration > 0 ? memory.states.map(Int.init) : nil
        } else if let kept = keptChoiceCodes, kept.iteration == iteration {
            let rewardCodes = state.coding.codeCount
            states = kept.actionCodes.map { Int($0) * rewardCodes + Int(kept.rewardCode) }
        }
        return SynapseCensus(network: network, actions: actions, states: states, actionSet: rule.actions, step: stepSize,
                             biasMultiplier: rule.biasStepMultiplier)
    }

    /// The rule's state space, whose `describe(state:)` names a census's states.
    public var stateSpace: RuleStateSpace { RuleStateSpace(rule: rule, layers: network.layerCount) }
}
