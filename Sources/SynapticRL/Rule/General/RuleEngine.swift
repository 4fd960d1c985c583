/// A general rule at work on one network: the sweep (`RuleSweep`), the table's learning (`RuleLearningPass`), the
/// histories and the adaptive step. `SynapticTrainer` runs it for every rule that is not `isPaperRule`.
struct RuleEngine: Sendable {
    let rule: SynapticRule
    let space: RuleStateSpace
    var table: RuleTable
    var memory: RuleMemory
    /// Σ of the table after every learning iteration, and how many: the running mean a policy export may take.
    var tableSums: [Double]
    var learnedIterations = 0
    let steps: SynapseSteps

    init(rule: SynapticRule, network: Network, table: RuleTable?) throws {
        try rule.validate(layers: network.layerCount)
        space = RuleStateSpace(rule: rule, layers: network.layerCount)
        if let table, table.space != space {
            throw SynapticRLError.invalidPolicy("the table has \(table.space.stateCount) states of \(table.space.actionCount) actions; "
                + "the rule needs \(space.stateCount) of \(space.actionCount)")
        }
        self.rule = rule
        self.table = table ?? RuleTable(space: space)
        memory = RuleMemory(network: network, space: space)
        tableSums = [Double](repeating: 0, count: self.table.values.count)
        steps = SynapseSteps(network: network, biasMultiplier: rule.biasStepMultiplier)
    }

    /// Every synapse picks and makes its move; a SARSA update waiting for these actions is applied.
    mutating func move(weights: inout [Float], epsilon: Double, temperature: Double, step: Float, seed: UInt64,
                       iteration: Int, threads: Int) {
        let choice = RuleChoice(rule: rule, table: table, rewardCode: memory.rewardCode, epsilon: epsilon,
                                temperature: temperature, seed: seed, iteration: iteration)
        RuleSweep.run(weights: &weights, memory: &memory, choice: choice, space: space, actionSet: rule.actions,
                      steps: steps, step: step, threads: threads)
        if case .sarsa(let rate, let discount) = rule.learning, let pending = memory.pending {
            RuleLearningPass.sarsa(table: &table, pending: pending, memory: memory, rate: rate, discount: discount)
            memory.pending = nil
            addToAverage()
        }
    }

    /// The activity the next sweeps read, for a rule whose state holds it (a no-op for any other).
    mutating func setPresynapticActivity(_ activity: PresynapticActivity, network: Network) throws {
        try memory.setPresynapticActivity(activity, network: network)
    }

    /// The reward's learning and the histories, after the moved network was evaluated.
    mutating func learn(reward: Double, weights: [Float]) {
        let symbol = reward > 0 ? Int(RewardSymbol.bonus) : (reward < 0 ? Int(RewardSymbol.penalty) : Int(RewardSymbol.neutral))
        let newRewardCode = space.pushingReward(symbol, onto: memory.rewardCode)
        switch rule.learning {
        case .qLearning(let rate, let discount):
            RuleLearningPass.qLearning(table: &table, memory: memory, weights: weights, newRewardCode: newRewardCode,
                                       reward: reward, rate: rate, discount: discount)
            addToAverage()
        case .sarsa:
            memory.pending = RuleMemory.Pending(reward: reward, states: memory.states, actions: memory.actions)
        case .none:
            break
        }
        for k in memory.actionCodes.indices {
            memory.actionCodes[k] = UInt16(space.pushingAction(Int(memory.actions[k]), onto: Int(memory.actionCodes[k])))
        }
        memory.rewardCode = newRewardCode
    }

    private mutating func addToAverage() {
        for index in tableSums.indices { tableSums[index] += table.values[index] }
        learnedIterations += 1
    }

    /// The mean of the table over the learning iterations so far (nil before the first).
    var averageTable: RuleTable? {
        guard learnedIterations > 0 else { return nil }
        let scale = 1 / Double(learnedIterations)  // as QTableAverage.mean
        return try? RuleTable(space: space, values: tableSums.map { $0 * scale })
    }
}
