/// Synaptic-level reinforcement learning (Bhargava, Rezaei & Lankarany 2022, Algorithm 1).
///
/// Each `step()`: every synapse picks −step, 0 or +step ε-greedily from its state and moves; the loss is
/// evaluated; the global reward is +1 if it strictly fell, else −1; in adaptive mode every synapse then
/// applies the TD update to the shared table in canonical order; the histories move on.
public final class SynapticTrainer {
    public private(set) var network: Network
    public private(set) var state: SynapseState
    public private(set) var table: QTable
    /// The running mean of the table over the adaptive iterations so far.
    public private(set) var averageTable: QTableAverage
    /// The hyper-parameters; ε may change between iterations (`setEpsilon`), the rest is fixed for the run.
    public private(set) var settings: SynapticSettings
    public let seed: UInt64
    public private(set) var iteration = 0
    /// The loss at the current weights (after the last step, or initially).
    public private(set) var loss: Double
    /// The step in force; a schedule may change it between iterations.
    public var stepSize: Float
    /// Decides whether an iteration is rewarded; the paper's strict decrease unless replaced.
    public var rewardRule = RewardRule.strictDecrease
    /// Called after every iteration with what happened (the action shares cost one pass over the synapses,
    /// made only while an observer is set).
    public var observer: ((IterationReport) -> Void)?

    /// When set, the sweep, the Q update and the history updates are timed into it (the loss evaluation times
    /// itself through the objective's forward pass).
    public var profile: PhaseProfile?
    /// nil for a trainer whose caller evaluates (`move()`, then `learn(newLoss:)`), as K stacked trials do.
    private let objective: Objective?
    private let steps: SynapseSteps

    public convenience init(network: Network, table: QTable, settings: SynapticSettings, seed: UInt64, objective: Objective) throws {
        try self.init(network: network, table: table, settings: settings, seed: seed, initialLoss: objective.loss(of: network),
                      objective: objective)
    }

    /// A trainer without an objective of its own: the caller evaluates `initialLoss` and every move.
    public convenience init(network: Network, table: QTable, settings: SynapticSettings, seed: UInt64, initialLoss: Double) throws {
        try self.init(network: network, table: table, settings: settings, seed: seed, initialLoss: initialLoss, objective: nil)
    }

    private init(network: Network, table: QTable, settings: SynapticSettings, seed: UInt64, initialLoss: Double,
                 objective: Objective?) throws {
        try settings.validate()
        guard table.historyLength == settings.historyLength else {
            throw SynapticRLError.invalidPolicy(
                "the table remembers \(table.historyLength) steps but the run asks for \(settings.historyLength)")
        }
        self.network = network
        self.table = table
        self.settings = settings
        self.seed = seed
        self.objective = objective
        stepSize = settings.step
        state = SynapseState(synapseCount: network.synapseCount, historyLength: settings.historyLength)
        averageTable = QTableAverage(like: table)
        steps = SynapseSteps(network: network, biasMultiplier: settings.biasStepMultiplier)
        loss = initialLoss
        guard loss.isFinite else { throw SynapticRLError.numerical("the initial loss is \(loss)") }
    }

    /// ε for the iterations from now on (an annealing schedule calls this between iterations): it must be in [0, 1].
    public func setEpsilon(_ epsilon: Double) throws {
        var changed = settings
        changed.epsilon = epsilon
        try changed.validate()
        settings = changed
    }

    /// Continues from a checkpoint's trial: `iteration` iterations done, the histories, tables and last loss as saved.
    func restore(iteration: Int, state: SynapseState, table: QTable, average: QTableAverage, loss: Double) {
        precondition(state.synapseCount == network.synapseCount && table.historyLength == settings.historyLength,
                     "checkpoint shape mismatch")
        (self.iteration, self.state, self.table, averageTable, self.loss) = (iteration, state, table, average, loss)
    }

    @inline(__always)
    private func timed(_ phase: String, _ body: () -> Void) {
        if let profile { profile.measure(phase, body) } else { body() }
    }

    /// Evaluates the loss of the current weights again, after the objective changed (a new minibatch), so
    /// that the next reward compares like with like.
    public func reevaluateLoss() throws {
        guard let objective else { preconditionFailure("a trainer without an objective is given its losses: setLoss(_:)") }
        try setLoss(objective.loss(of: network))
    }

    /// Takes `value` as the loss of the current weights (evaluated by the caller, as `reevaluateLoss` would).
    public func setLoss(_ value: Double) throws {
        guard value.isFinite else { throw SynapticRLError.numerical("the loss became \(value) at iteration \(iteration)") }
        loss = value
    }

    /// Throws, naming the state, if adaptive learning drove the table, or the running sum behind its average,
    /// past the Float64 range (a table started from values near ±Float64.max does): nothing non-finite is
    /// applied further or written to a policy file. Cheap next to an evaluation, so runs call it at each one.
    public func checkTableIsFinite() throws {
        if let index = table.values.firstIndex(where: { !$0.isFinite }) {
            throw SynapticRLError.numerical("the Q-table became \(table.values[index]) (state \(index / QTable.actionCount), "
                + "action \(index % QTable.actionCount)) by iteration \(iteration)")
        }
        if averageTable.sums.contains(where: { !$0.isFinite }) {
            throw SynapticRLError.numerical("the running average of the Q-table overflowed by iteration \(iteration)")
        }
    }

    /// One iteration; returns the global reward (+1 or −1).
    @discardableResult
    public func step() throws -> Double {
        guard let objective else { preconditionFailure("a trainer without an objective is stepped by move() and learn(newLoss:)") }
        move()
        return try learn(newLoss: objective.loss(of: network, movedBy: state.actions, step: stepSize))
    }

    /// The first half of an iteration: every synapse picks its action and moves. A caller that evaluates many
    /// trainers' networks at once (`TrialStack`) calls this, evaluates, then `learn(newLoss:)`.
    public func move() {
        let plan = SweepPlan(table: table, rewardCode: state.rewardCode, epsilon: settings.epsilon,
                             seed: seed, iteration: iteration)
        timed("sweep") {
            SynapseSweep.run(weights: &network.weights, state: &state, plan: plan, steps: steps,
                             step: stepSize, threads: settings.threads)
        }
    }

    /// The second half: the reward from `newLoss` (the loss after `move()`), the Q update and the histories.
    /// Returns the reward (+1 or −1).
    @discardableResult
    public func learn(newLoss: Double) throws -> Double {
        guard newLoss.isFinite else {
            throw SynapticRLError.numerical("the loss became \(newLoss) at iteration \(iteration + 1)")
        }
        let improved = rewardRule.isImprovement(loss, newLoss)
        let reward: Double = improved ? 1 : -1
        let rewardSymbol = improved ? RewardSymbol.bonus : RewardSymbol.penalty
        if settings.adaptive {
            timed("Q update") {
                TemporalDifferencePass.apply(
                    table: &table, state: state, newRewardCode: state.coding.pushing(rewardSymbol, onto: state.rewardCode),
                    reward: reward, rate: settings.qLearningRate, discount: settings.discount)
                averageTable.add(table)
            }
        }
        timed("reward and histories") {
            state.pushActions()
            state.pushReward(rewardSymbol)
        }
        loss = newLoss
        iteration += 1
        if let observer {
            var tally = ActionTally()
            tally.add(actions: state.actions, reward: reward)
            observer(IterationReport(iteration: iteration, loss: loss, reward: reward, actionShares: tally.fractions,
                                     step: stepSize, epsilon: settings.epsilon))
        }
        return reward
    }
}
