/// A synaptic learning rule as data: what a synapse's state is made of, which moves it can make, how the global
/// reward follows from the loss, how a synapse picks its action, how the shared table learns, and how ε, the
/// Boltzmann temperature and the step α_s move over the run. A run names its rule (`--rule FILE`, `RuleFile`),
/// records it in configuration.json, and `SynapticTrainer` applies it.
///
/// `SynapticRule()` is the paper's rule with the 2-D task's settings; `init(settings:stepSchedule:)` is the same
/// rule from the CLI's shorthand flags. A rule `isPaperRule` runs on the paper's vectorised kernels (the golden
/// trajectories); every other rule on the general sweep (`RuleEngine`).
public struct SynapticRule: Sendable, Equatable, Codable {
    public var state = RuleStateFeatures()
    public var actions = RuleActionSet.ternary
    public var reward = RuleReward.strictDecrease
    public var policy = RulePolicy.epsilonGreedy
    public var learning = RuleLearning.qLearning(rate: 0.01, discount: 0.9)
    /// ε of the ε-greedy policy and of a fixed map's exploration.
    public var epsilon = RuleSchedule<Double>.constant(0.25)
    /// T of the Boltzmann policy.
    public var temperature = RuleSchedule<Double>.constant(1)
    /// α_s.
    public var step = RuleSchedule<Float>.constant(0.001)
    /// Bias synapses move by α_s × this (the authors' code used 2).
    public var biasStepMultiplier: Float = 1

    public init() {}

    /// The paper's rule with these hyper-parameters: the value the flags --epsilon, --step, --q-rate, --gamma,
    /// --history, --bias-step-multiplier, --adaptive and --step-schedule are shorthands for.
    public init(settings: SynapticSettings, stepSchedule: StepSchedule = StepSchedule()) {
        state = RuleStateFeatures(actionHistory: settings.historyLength, rewardHistory: settings.historyLength)
        learning = settings.adaptive ? .qLearning(rate: settings.qLearningRate, discount: settings.discount) : .none
        epsilon = .constant(settings.epsilon)
        step = stepSchedule.changes.isEmpty
            ? .constant(settings.step)
            : .piecewise(start: settings.step, changes: stepSchedule.changes.map { .init(iteration: $0.iteration, factor: $0.factor) })
        biasStepMultiplier = settings.biasStepMultiplier
    }

    /// Whether the paper's kernels can run this rule: its state, moves and policy are the paper's and it learns by
    /// Q-learning or not at all. The reward and the schedules may differ: the kernels take any reward and the ε
    /// and step of each iteration.
    public var isPaperRule: Bool {
        state.isHistoryOnly && (1...HistoryCoding.maximumLength).contains(state.actionHistory) && actions == .ternary
            && policy == .epsilonGreedy
            && { if case .sarsa = learning { return false }; return true }()
    }

    /// Whether a run of this rule can be checkpointed: the paper's kernels' memory is all the format holds, and an
    /// adaptive step's state is not in it.
    public var isCheckpointable: Bool { isPaperRule && !step.isAdaptive }

    /// The paper-rule settings this rule amounts to (meaningful where `isPaperRule`; elsewhere the initial ε
    /// and step, for the log). `threads` is the run's.
    public func settings(threads: Int) -> SynapticSettings {
        var settings = SynapticSettings()
        settings.epsilon = epsilon.initialValue
        settings.step = step.initialValue
        settings.biasStepMultiplier = biasStepMultiplier
        if let (rate, discount) = learning.rateAndDiscount { (settings.qLearningRate, settings.discount) = (rate, discount) }
        settings.historyLength = max(1, min(state.actionHistory, HistoryCoding.maximumLength))
        settings.adaptive = learning.learns
        settings.threads = threads
        return settings
    }

    /// Throws, naming the part, if the rule cannot run: histories 0…5, a table of at most
    /// `RuleStateSpace.maximumStates` states, schedules within their ranges, a fixed map that fits its states.
    public func validate(layers: Int = 1) throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw SynapticRLError.invalidParameter("rule: \(message)") }
        }
        let maximum = RuleStateFeatures.maximumHistory
        try require((0...maximum).contains(state.actionHistory), "actionHistory must be 0...\(maximum), got \(state.actionHistory)")
        try require((0...maximum).contains(state.rewardHistory), "rewardHistory must be 0...\(maximum), got \(state.rewardHistory)")
        let space = RuleStateSpace(rule: self, layers: layers)
        try require(space.stateCount <= RuleStateSpace.maximumStates,
                    "\(space.stateCount) states is more than the \(RuleStateSpace.maximumStates) a table may hold")
        try reward.validate()
        try learning.validate()
        try require(!epsilon.isAdaptive && !temperature.isAdaptive, "only the step may follow an adaptive schedule")
        try epsilon.validate("epsilon", range: 0...1)
        try temperature.validate("temperature", range: 1e-12...1e12)
        try step.validate("step", range: 0...Float.greatestFiniteMagnitude)
        try require(biasStepMultiplier.isFinite && biasStepMultiplier >= 0, "the bias step multiplier must be finite and ≥ 0")
        if case .fixed(let map) = policy {
            try require(learning == .none, "a fixed policy reads no table, so its learning must be \"none\"")
            switch map {
            case .repeatOrReverse, .repeatOrStay:
                try require(state.actionHistory >= 1 && state.rewardHistory >= 1,
                            "the \(map.name) map needs actionHistory and rewardHistory ≥ 1")
            case .table(let actions):
                try require(actions.count == space.stateCount, "the fixed map lists \(actions.count) actions for \(space.stateCount) states")
                try require(actions.allSatisfy { (0..<self.actions.count).contains($0) },
                            "the fixed map's actions must be 0...\(self.actions.count - 1)")
            }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case state, actions, reward, policy, learning, epsilon, temperature, step, biasStepMultiplier
    }

    /// Every part may be left out, and takes the default rule's.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SynapticRule()
        state = try container.decodeIfPresent(RuleStateFeatures.self, forKey: .state) ?? defaults.state
        if let name = try container.decodeIfPresent(String.self, forKey: .actions) {
            guard let set = RuleActionSet(rawValue: name) else {
                throw RuleFile.unknown("action set", name, known: RuleActionSet.allCases.map(\.rawValue),
                                       at: container.codingPath + [CodingKeys.actions])
            }
            actions = set
        }
        reward = try container.decodeIfPresent(RuleReward.self, forKey: .reward) ?? defaults.reward
        policy = try container.decodeIfPresent(RulePolicy.self, forKey: .policy) ?? defaults.policy
        learning = try container.decodeIfPresent(RuleLearning.self, forKey: .learning) ?? defaults.learning
        epsilon = try container.decodeIfPresent(RuleSchedule<Double>.self, forKey: .epsilon) ?? defaults.epsilon
        temperature = try container.decodeIfPresent(RuleSchedule<Double>.self, forKey: .temperature) ?? defaults.temperature
        step = try container.decodeIfPresent(RuleSchedule<Float>.self, forKey: .step) ?? defaults.step
        biasStepMultiplier = try container.decodeIfPresent(Float.self, forKey: .biasStepMultiplier) ?? 1
    }
}

extension SynapticRule {
    /// The rule in one line, for logs: "n 2, m 2, ternary, strict-decrease, epsilon-greedy, q-learning (α 0.01,
    /// γ 0.9), ε constant 0.25, step constant 0.001".
    public var summary: String {
        var features = ["n \(state.actionHistory)", "m \(state.rewardHistory)"]
        if state.weightSign { features.append("weight sign") }
        if state.synapseKind { features.append("bias/input") }
        if state.layerTables { features.append("a table per layer") }
        if state.presynapticActivity { features.append("presynaptic activity") }
        let learningText = learning.name + (learning.rateAndDiscount.map { " (α \($0.rate), γ \($0.discount))" } ?? "")
        var parts = features + [actions.rawValue, reward.name, policy.name, learningText]
        if case .boltzmann = policy { parts.append("T \(temperature.kind) \(temperature.initialValue)") } else {
            parts.append("ε \(epsilon.kind) \(epsilon.initialValue)")
        }
        parts.append("step \(step.kind) \(step.initialValue)")
        if biasStepMultiplier != 1 { parts.append("bias step ×\(biasStepMultiplier)") }
        return parts.joined(separator: ", ")
    }
}
