/// Synaptic-level reinforcement learning (Bhargava, Rezaei & Lankarany 2022, Algorithm 1).
///
/// Each `step(on:)`: every synapse picks −step, 0 or +step ε-greedily from its state and moves (`move()`); the
/// objective evaluates the moved network; `learn(newLoss:)` turns the loss into the global reward (+1 if it
/// strictly fell, else −1, or the `rewardRule`'s verdict), in adaptive mode applies the TD update of every synapse
/// to the shared table in canonical order, then moves the histories on. The trainer holds no objective: one
/// driving mode serves one network (`step(on:)`) and many evaluated together (`move()`, evaluate, `learn`).
///
/// Any `SynapticRule` runs the same way (`init(network:rule:table:threads:seed:initialLoss:)`): a rule that
/// `isPaperRule` on the paper's kernels (`table`, `state`), every other on the general sweep (`ruleTable`,
/// `ruleMemory`). The rule's schedules set ε, the temperature and the step at each `move()`.
public final class SynapticTrainer {
    public private(set) var network: Network
    /// The rule in force; `setEpsilon` and `setStepSize` make its ε or step constant from then on.
    public private(set) var rule: SynapticRule
    /// The paper's kernels' per-synapse memory (a general rule keeps `ruleMemory` instead).
    public private(set) var state: SynapseState
    /// The shared table of a paper rule (a general rule's is `ruleTable`; this one then stays empty).
    public private(set) var table: QTable
    /// The running mean of the table over the adaptive iterations so far.
    public private(set) var averageTable: QTableAverage
    /// The hyper-parameters; ε may change between iterations (`setEpsilon`), the rest is fixed for the run.
    public private(set) var settings: SynapticSettings
    public let seed: UInt64
    public private(set) var iteration = 0
    /// The loss at the current weights (after the last step, or initially).
    public private(set) var loss: Double
    /// The step in force: the rule's step schedule sets it at each `move()` (or `setStepSize`).
    public private(set) var stepSize: Float
    /// T of a Boltzmann policy, set from the rule's schedule at each `move()`.
    public private(set) var temperature: Double
    /// Where an adaptive step schedule stands.
    public private(set) var scheduleState: RuleScheduleState
    /// Decides the reward of an iteration; the rule's (`RewardRule(rule.reward)`) unless replaced.
    public var rewardRule: RewardRule
    /// Called after every iteration with what happened (the action shares cost one pass over the synapses,
    /// made only while an observer is set).
    public var observer: ((IterationReport) -> Void)?

    /// When set, the sweep, the Q update and the history updates are timed into it (the loss evaluation times
    /// itself through the objective's forward pass).
    public var profile: PhaseProfile?
    private let steps: SynapseSteps
    /// The general sweep and its table, for a rule that is not `isPaperRule`.
    private var engine: RuleEngine?
    /// Set before the iteration a census will be taken after (`census()`): that `move()` keeps the paper kernels'
    /// action codes and reward code its actions are chosen from (a general rule's memory keeps its `states`
    /// anyway). A copy of one byte per synapse, made only then.
    public var keepsChoiceCodesAtNextMove = false
    /// The paper kernels' codes kept by the last `move()` asked to, and the iteration that move began.
    public private(set) var keptChoiceCodes: (iteration: Int, actionCodes: [UInt8], rewardCode: UInt8)?

    /// A trainer whose initial loss is `objective`'s loss of `network` (the objective is not kept: pass it to
    /// every `step(on:)`).
    public convenience init(network: Network, table: QTable, settings: SynapticSettings, seed: UInt64, objective: Objective) throws {
        try self.init(network: network, table: table, settings: settings, seed: seed, initialLoss: objective.loss(of: network))
    }

    /// A trainer of the paper's rule with `settings`, whose caller evaluated `initialLoss`, the loss of `network`.
    public convenience init(network: Network, table: QTable, settings: SynapticSettings, seed: UInt64, initialLoss: Double) throws {
        try settings.validate()
        guard table.historyLength == settings.historyLength else {
            throw SynapticRLError.invalidPolicy(
                "the table remembers \(table.historyLength) steps but the run asks for \(settings.historyLength)")
        }
        let rule = SynapticRule(settings: settings)
        try self.init(network: network, rule: rule, table: RuleTable(space: RuleStateSpace(rule: rule, layers: network.layerCount),
                                                                       paperTable: table),
                      threads: settings.threads, seed: seed, initialLoss: initialLoss)
    }

    /// A trainer of `rule` starting from `table` (nil: zeros), whose caller evaluated `initialLoss`.
    public convenience init(network: Network, rule: SynapticRule, table: RuleTable?, threads: Int, seed: UInt64,
                            initialLoss: Double) throws {
        try self.init(network: network, rule: rule, table: table, threads: threads, seed: seed, initialLoss: initialLoss,
                      generalSweep: !rule.isPaperRule)
    }

    /// `generalSweep`: run the rule on `RuleEngine` even where the paper's kernels could (tests compare the two).
    init(network: Network, rule: SynapticRule, table: RuleTable?, threads: Int, seed: UInt64, initialLoss: Double,
         generalSweep: Bool) throws {
        try rule.validate(layers: network.layerCount)
        let settings = rule.settings(threads: threads)
        try settings.validate()
        if !generalSweep {
            precondition(rule.isPaperRule, "the paper's kernels run only a paper rule")
            let space = RuleStateSpace(rule: rule, layers: network.layerCount)
            if let table, table.space != space {
                throw SynapticRLError.invalidPolicy("the table does not fit the rule's \(space.stateCount) states")
            }
            self.table = try table.map { try QTable(historyLength: settings.historyLength, values: $0.values) }
                ?? QTable(historyLength: settings.historyLength)
        } else {
            engine = try RuleEngine(rule: rule, network: network, table: table)
            self.table = QTable(historyLength: settings.historyLength)
        }
        self.network = network
        self.rule = rule
        self.settings = settings
        self.seed = seed
        stepSize = rule.step.initialValue
        temperature = rule.temperature.initialValue
        scheduleState = RuleScheduleState(step: rule.step.initialValue)
        rewardRule = RewardRule(rule.reward)
        state = SynapseState(synapseCount: engine == nil ? network.synapseCount : 0, historyLength: settings.historyLength)
        averageTable = QTableAverage(like: self.table)
        steps = SynapseSteps(network: network, biasMultiplier: settings.biasStepMultiplier)
        loss = initialLoss
        guard loss.isFinite else { throw SynapticRLError.numerical("the initial loss is \(loss)") }
    }

    /// The shared table of the rule, paper rule or not.
    public var ruleTable: RuleTable {
        if let engine { return engine.table }
        return try! RuleTable(space: RuleStateSpace(rule: rule, layers: network.layerCount), paperTable: table)
    }

    /// The mean of `ruleTable` over the learning iterations so far (nil before the first).
    public var averageRuleTable: RuleTable? {
        if let engine { return engine.averageTable }
        return averageTable.mean.flatMap { try? RuleTable(space: RuleStateSpace(rule: rule, layers: network.layerCount), paperTable: $0) }
    }

    /// A general rule's per-synapse memory (nil under a paper rule: `state`).
    public var ruleMemory: RuleMemory? { engine?.memory }

    /// Every synapse's action of the current iteration, 0..<A (the action set's `level(of:)` is its move).
    public var actions: [UInt8] { engine?.memory.actions ?? state.actions }

    /// ε for the iterations from now on (an annealing schedule calls this between iterations): it must be in [0, 1].
    public func setEpsilon(_ epsilon: Double) throws {
        var changed = settings
        changed.epsilon = epsilon
        try changed.validate()
        settings = changed
        rule.epsilon = .constant(epsilon)
    }

    /// Everything the trainer's next iterations depend on, but the seed, the rule, the reward rule and the observer:
    /// taken as a value, it can be kept, compared or given back to `restore(_:)`. A paper rule's trainer keeps its
    /// memory in `state`, `table` and `averageTable`; a general rule's in `general` (its `state` and `table` are
    /// then the empty ones it was made with, and restore ignores them).
    public struct Snapshot: Sendable {
        public var iteration: Int
        public var network: Network
        public var state: SynapseState
        public var table: QTable
        public var averageTable: QTableAverage
        public var loss: Double
        public var stepSize: Float
        public var epsilon: Double
        /// T of a Boltzmann policy (a function of the iteration: kept for the record).
        public var temperature: Double
        /// Where an adaptive step stands: the step and the window in progress.
        public var scheduleState: RuleScheduleState
        /// A general rule's table, running sum and per-synapse memory; nil for a paper rule's trainer.
        public var general: RuleEngineState?

        /// `scheduleState` nil: an adaptive step's state at `stepSize` with an empty window.
        public init(iteration: Int, network: Network, state: SynapseState, table: QTable, averageTable: QTableAverage,
                    loss: Double, stepSize: Float, epsilon: Double, temperature: Double = 1,
                    scheduleState: RuleScheduleState? = nil, general: RuleEngineState? = nil) {
            (self.iteration, self.network, self.state, self.table) = (iteration, network, state, table)
            (self.averageTable, self.loss, self.stepSize, self.epsilon) = (averageTable, loss, stepSize, epsilon)
            (self.temperature, self.scheduleState) = (temperature, scheduleState ?? RuleScheduleState(step: stepSize))
            self.general = general
        }
    }

    public var snapshot: Snapshot {
        Snapshot(iteration: iteration, network: network, state: state, table: table, averageTable: averageTable,
                 loss: loss, stepSize: stepSize, epsilon: settings.epsilon, temperature: temperature,
                 scheduleState: scheduleState, general: engine?.state)
    }

    /// Takes the trainer back (or on) to `snapshot`: with the same seed, its next iterations are the ones the
    /// snapshot's trainer took, for any rule. The network and the memory must have this trainer's shapes: the
    /// paper kernels' state and tables for a paper rule, `general` for any other. Nothing changes if it throws.
    public func restore(_ snapshot: Snapshot) throws {
        guard snapshot.network.sizes == network.sizes && snapshot.network.activations == network.activations else {
            throw SynapticRLError.invalidParameter("a snapshot of a \(snapshot.network.sizes) network does not fit this \(network.sizes) one")
        }
        var restoredEngine = engine
        if restoredEngine != nil {
            guard let general = snapshot.general else {
                throw SynapticRLError.invalidParameter("a snapshot of a paper rule's trainer does not fit this general rule's")
            }
            try restoredEngine!.restore(general)
        } else {
            guard snapshot.general == nil else {
                throw SynapticRLError.invalidParameter("a snapshot of a general rule's trainer does not fit this paper rule's")
            }
            guard snapshot.state.synapseCount == network.synapseCount, snapshot.state.coding == state.coding,
                  snapshot.table.historyLength == settings.historyLength,
                  snapshot.averageTable.sums.count == snapshot.table.values.count else {
                throw SynapticRLError.invalidParameter("the snapshot's state or table does not fit this trainer's rule")
            }
        }
        guard snapshot.iteration >= 0, snapshot.loss.isFinite, snapshot.stepSize.isFinite && snapshot.stepSize >= 0,
              snapshot.temperature.isFinite && snapshot.temperature > 0 else {
            throw SynapticRLError.invalidParameter("a snapshot needs a non-negative iteration and step, a finite loss and a positive temperature")
        }
        try snapshot.scheduleState.validate(for: rule.step)
        guard (0...1).contains(snapshot.epsilon) else {  // the last check: nothing has changed if it throws
            throw SynapticRLError.invalidParameter("epsilon must be in [0, 1], got \(snapshot.epsilon)")
        }
        settings.epsilon = snapshot.epsilon  // the rule's ε schedule stays: the next move() takes its value
        (iteration, network, loss, stepSize) = (snapshot.iteration, snapshot.network, snapshot.loss, snapshot.stepSize)
        (temperature, scheduleState, engine) = (snapshot.temperature, snapshot.scheduleState, restoredEngine)
        if engine == nil { (state, table, averageTable) = (snapshot.state, snapshot.table, snapshot.averageTable) }
    }

    /// α_s for the iterations from now on (a step schedule calls this between iterations): finite and ≥ 0.
    public func setStepSize(_ step: Float) throws {
        guard step.isFinite && step >= 0 else { throw SynapticRLError.invalidParameter("the step must be finite and non-negative, got \(step)") }
        stepSize = step
        rule.step = .constant(step)
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
        if let engine {
            if engine.table.values.contains(where: { !$0.isFinite }) || engine.tableSums.contains(where: { !$0.isFinite }) {
                throw SynapticRLError.numerical("the rule's table or its running average became non-finite by iteration \(iteration)")
            }
            return
        }
        if let index = table.values.firstIndex(where: { !$0.isFinite }) {
            throw SynapticRLError.numerical("the Q-table became \(table.values[index]) (state \(index / QTable.actionCount), "
                + "action \(index % QTable.actionCount)) by iteration \(iteration)")
        }
        if averageTable.sums.contains(where: { !$0.isFinite }) {
            throw SynapticRLError.numerical("the running average of the Q-table overflowed by iteration \(iteration)")
        }
    }

    /// The presynaptic activity the next sweeps read, under a rule whose state holds it (elsewhere a no-op):
    /// `step(on:)` sets it from the objective before each sweep; a caller driving `move()` itself sets it first.
    /// Until one is set, every input counts as inactive.
    public func setPresynapticActivity(_ activity: PresynapticActivity) throws {
        try engine?.setPresynapticActivity(activity, network: network)
    }

    /// One iteration on `objective`: `move()`, the objective's loss of the moved network (told the moves where
    /// they add multiples of the step, ternary or five-level, so that it may update incrementally),
    /// `learn(newLoss:)`. Returns the global reward.
    @discardableResult
    public func step(on objective: Objective) throws -> Double {
        if rule.state.presynapticActivity {
            try profile.measure("presynaptic activity") { try setPresynapticActivity(objective.presynapticActivity(of: network)) }
        }
        move()
        guard rule.actions.isAdditive else { return try learn(newLoss: objective.loss(of: network)) }
        return try learn(newLoss: objective.loss(of: network, movedBy: actions, in: rule.actions, step: stepSize))
    }

    /// The first half of an iteration: every synapse picks its action and moves. A caller that evaluates many
    /// trainers' networks at once (`ClassificationTask` with trials) calls this, evaluates, then `learn(newLoss:)`.
    public func move() {
        applySchedules(at: iteration + 1)
        if engine != nil {
            profile.measure("sweep") {
                engine!.move(weights: &network.weights, epsilon: settings.epsilon, temperature: temperature, step: stepSize,
                             seed: seed, iteration: iteration, threads: settings.threads)
            }
            return
        }
        if keepsChoiceCodesAtNextMove {
            keptChoiceCodes = (iteration + 1, state.actionCodes, state.rewardCode)
            keepsChoiceCodesAtNextMove = false
        }
        let plan = SweepPlan(table: table, rewardCode: state.rewardCode, epsilon: settings.epsilon,
                             seed: seed, iteration: iteration)
        profile.measure("sweep") {
            SynapseSweep.run(weights: &network.weights, state: &state, plan: plan, steps: steps,
                             step: stepSize, threads: settings.threads)
        }
    }

    /// ε, T and the step of (1-based) `iteration`, from the rule's schedules.
    private func applySchedules(at iteration: Int) {
        stepSize = rule.step.value(at: iteration, adapted: scheduleState.step)
        temperature = rule.temperature.value(at: iteration, adapted: temperature)
        settings.epsilon = rule.epsilon.value(at: iteration, adapted: settings.epsilon)
    }

    /// The second half: the reward from `newLoss` (the loss after `move()`), the table's learning and the
    /// histories. Returns the reward.
    @discardableResult
    public func learn(newLoss: Double) throws -> Double {
        guard newLoss.isFinite else {
            throw SynapticRLError.numerical("the loss became \(newLoss) at iteration \(iteration + 1)")
        }
        let reward = rewardRule.reward(previous: loss, new: newLoss)
        scheduleState.record(reward: reward, schedule: rule.step)
        if engine != nil {
            profile.measure("Q update") { engine!.learn(reward: reward, weights: network.weights) }
            return finish(newLoss: newLoss, reward: reward)
        }
        let rewardSymbol = reward > 0 ? RewardSymbol.bonus : (reward < 0 ? RewardSymbol.penalty : RewardSymbol.neutral)
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
        return finish(newLoss: newLoss, reward: reward)
    }

    private func finish(newLoss: Double, reward: Double) -> Double {
        loss = newLoss
        iteration += 1
        if let observer {
            var tally = ActionTally()
            tally.add(actions: actions, reward: reward, none: UInt8(rule.actions.none))
            observer(IterationReport(iteration: iteration, loss: loss, reward: reward, actionShares: tally.fractions,
                                     step: stepSize, epsilon: settings.epsilon))
        }
        return reward
    }
}
