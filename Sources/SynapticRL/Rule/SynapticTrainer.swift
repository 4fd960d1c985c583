/// Synaptic-level reinforcement learning (Bhargava, Rezaei & Lankarany 2022, Algorithm 1).
///
/// Each `step(on:)`: every synapse picks −step, 0 or +step ε-greedily from its state and moves (`move()`); the
/// objective evaluates the moved network; `learn(newLoss:)` turns the loss into the global reward (+1 if it
/// strictly fell, else −1, or the `rewardRule`'s verdict), in adaptive mode applies the TD update of every synapse
/// to the shared table in canonical order, then moves the histories on. The trainer holds no objective: one
/// driving mode serves one network (`step(on:)`) and many evaluated together (`move()`, evaluate, `learn`).
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
    /// The step in force; a schedule may change it between iterations (`setStepSize`).
    public private(set) var stepSize: Float
    /// Decides whether an iteration is rewarded; the paper's strict decrease unless replaced.
    public var rewardRule = RewardRule.strictDecrease
    /// Called after every iteration with what happened (the action shares cost one pass over the synapses,
    /// made only while an observer is set).
    public var observer: ((IterationReport) -> Void)?

    /// When set, the sweep, the Q update and the history updates are timed into it (the loss evaluation times
    /// itself through the objective's forward pass).
    public var profile: PhaseProfile?
    private let steps: SynapseSteps

    /// A trainer whose initial loss is `objective`'s loss of `network` (the objective is not kept: pass it to
    /// every `step(on:)`).
    public convenience init(network: Network, table: QTable, settings: SynapticSettings, seed: UInt64, objective: Objective) throws {
        try self.init(network: network, table: table, settings: settings, seed: seed, initialLoss: objective.loss(of: network))
    }

    /// A trainer whose caller evaluated `initialLoss`, the loss of `network`.
    public init(network: Network, table: QTable, settings: SynapticSettings, seed: UInt64, initialLoss: Double) throws {
        try settings.validate()
        guard table.historyLength == settings.historyLength else {
            throw SynapticRLError.invalidPolicy(
                "the table remembers \(table.historyLength) steps but the run asks for \(settings.historyLength)")
        }
        self.network = network
        self.table = table
        self.settings = settings
        self.seed = seed
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

    /// Everything the trainer's next iterations depend on, but the seed, the reward rule and the observer: taken
    /// as a value, it can be kept, compared or given back to `restore(_:)`.
    public struct Snapshot: Sendable {
        public var iteration: Int
        public var network: Network
        public var state: SynapseState
        public var table: QTable
        public var averageTable: QTableAverage
        public var loss: Double
        public var stepSize: Float
        public var epsilon: Double

        public init(iteration: Int, network: Network, state: SynapseState, table: QTable, averageTable: QTableAverage,
                    loss: Double, stepSize: Float, epsilon: Double) {
            (self.iteration, self.network, self.state, self.table) = (iteration, network, state, table)
            (self.averageTable, self.loss, self.stepSize, self.epsilon) = (averageTable, loss, stepSize, epsilon)
        }
    }

    public var snapshot: Snapshot {
        Snapshot(iteration: iteration, network: network, state: state, table: table, averageTable: averageTable,
                 loss: loss, stepSize: stepSize, epsilon: settings.epsilon)
    }

    /// Takes the trainer back (or on) to `snapshot`: with the same seed, its next iterations are the ones the
    /// snapshot's trainer took. The network, state and tables must have this trainer's shapes.
    public func restore(_ snapshot: Snapshot) throws {
        guard snapshot.network.sizes == network.sizes && snapshot.network.activations == network.activations else {
            throw SynapticRLError.invalidParameter("a snapshot of a \(snapshot.network.sizes) network does not fit this \(network.sizes) one")
        }
        guard snapshot.state.synapseCount == network.synapseCount, snapshot.state.coding == state.coding,
              snapshot.table.historyLength == settings.historyLength,
              snapshot.averageTable.sums.count == snapshot.table.values.count else {
            throw SynapticRLError.invalidParameter("the snapshot's state or table does not fit this trainer's rule")
        }
        guard snapshot.iteration >= 0, snapshot.loss.isFinite, snapshot.stepSize.isFinite && snapshot.stepSize >= 0 else {
            throw SynapticRLError.invalidParameter("a snapshot needs a non-negative iteration and step and a finite loss")
        }
        try setEpsilon(snapshot.epsilon)  // the last check: nothing has changed if it throws
        (iteration, network, state, table) = (snapshot.iteration, snapshot.network, snapshot.state, snapshot.table)
        (averageTable, loss, stepSize) = (snapshot.averageTable, snapshot.loss, snapshot.stepSize)
    }

    /// α_s for the iterations from now on (a step schedule calls this between iterations): finite and ≥ 0.
    public func setStepSize(_ step: Float) throws {
        guard step.isFinite && step >= 0 else { throw SynapticRLError.invalidParameter("the step must be finite and non-negative, got \(step)") }
        stepSize = step
    }

    /// Evaluates the loss of the current weights again, after the objective changed (a new minibatch), so
    /// that the next reward compares like with like.
    public func reevaluateLoss(on objective: Objective) throws {
        try setLoss(objective.loss(of: network))
    }

    /// Takes `value` as the loss of the current weights (evaluated by the caller, as `reevaluateLoss(on:)` does).
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

    /// One iteration on `objective`: `move()`, the objective's loss of the moved network, `learn(newLoss:)`.
    /// Returns the global reward.
    @discardableResult
    public func step(on objective: Objective) throws -> Double {
        move()
        return try learn(newLoss: objective.loss(of: network, movedBy: state.actions, step: stepSize))
    }

    /// The first half of an iteration: every synapse picks its action and moves. A caller that evaluates many
    /// trainers' networks at once (`ClassificationTask` with trials) calls this, evaluates, then `learn(newLoss:)`.
    public func move() {
        let plan = SweepPlan(table: table, rewardCode: state.rewardCode, epsilon: settings.epsilon,
                             seed: seed, iteration: iteration)
        profile.measure("sweep") {
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
            profile.measure("Q update") {
                TemporalDifferencePass.apply(
                    table: &table, state: state, newRewardCode: state.coding.pushing(rewardSymbol, onto: state.rewardCode),
                    reward: reward, rate: settings.qLearningRate, discount: settings.discount)
                averageTable.add(table)
            }
        }
        profile.measure("reward and histories") {
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
