import ArgumentParser
import SynapticRL
import SynapticRLExperiments

/// Where a command's rule flags take their defaults: the library's settings for the command's task, so that a
/// default is written once (the OCR runs' ε 0.1 and step 1e-4, the boundary task's 0.25 and 0.001).
public protocol SynapticRuleDefaults {
    static var settings: SynapticSettings { get }
}

/// The OCR runs' defaults (paper §3), as `ClassificationExperiment.Configuration` holds them.
public enum ClassificationRuleDefaults: SynapticRuleDefaults {
    public static var settings: SynapticSettings { ClassificationExperiment.Configuration().settings }
}

/// The 2-D boundary task's defaults (paper Figure 1), as `BoundaryExperiment.Configuration` holds them.
public enum BoundaryRuleDefaults: SynapticRuleDefaults {
    public static var settings: SynapticSettings { BoundaryExperiment.Configuration().settings }
}

/// The synaptic rule's hyper-parameters, shared by synrl train, synrl boundary and synrl-mpi train (through
/// `ClassificationRuleOptions` for the OCR commands). Generic over its defaults because argument-parser reads a
/// default from the property's initial value, not from an initializer the command could call.
public struct SynapticRuleOptions<Defaults: SynapticRuleDefaults>: ParsableArguments {
    @Option(help: "ε: probability of a uniformly random action (default \(Defaults.settings.epsilon)).")
    public var epsilon: Double?
    @Option(help: "α_s: how far one action moves a weight (default \(Defaults.settings.step)).")
    public var step: Float?
    @Option(name: .customLong("bias-step-multiplier"),
            help: "Bias synapses move by step × this. Default 1; the authors' code: 2 (train's --preset authors).")
    public var biasStepMultiplier: Float?
    @Option(name: .customLong("q-rate"),
            help: "α_q: the Q-learning rate, when the table is learned (adaptive mode; default \(Defaults.settings.qLearningRate)).")
    public var qRate: Double?
    @Option(help: "γ: discount of future reward, when the table is learned (adaptive mode; default \(Defaults.settings.discount)).")
    public var gamma: Double?

    public init() {}

    /// The flags into `settings`, each where given (the defaults, or a preset's, stand elsewhere).
    public func apply(to settings: inout SynapticSettings) {
        if let epsilon { settings.epsilon = epsilon }
        if let step { settings.step = step }
        if let biasStepMultiplier { settings.biasStepMultiplier = biasStepMultiplier }
        if let qRate { settings.qLearningRate = qRate }
        if let gamma { settings.discount = gamma }
    }

    /// The flags given: each is a shorthand for a part of the rule, so none may come with a rule file.
    public var given: [String] {
        [(epsilon != nil, "--epsilon"), (step != nil, "--step"), (biasStepMultiplier != nil, "--bias-step-multiplier"),
         (qRate != nil, "--q-rate"), (gamma != nil, "--gamma")].filter(\.0).map(\.1)
    }
}
