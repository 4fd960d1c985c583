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
    @Option(help: "ε: probability of a uniformly random action.")
    public var epsilon = Defaults.settings.epsilon
    @Option(help: "α_s: how far one action moves a weight.")
    public var step = Defaults.settings.step
    @Option(name: .customLong("bias-step-multiplier"),
            help: "Bias synapses move by step × this. Default 1; the authors' code: 2 (train's --preset authors).")
    public var biasStepMultiplier: Float?
    @Option(name: .customLong("q-rate"), help: "α_q: the Q-learning rate, when the table is learned (adaptive mode).")
    public var qRate = Defaults.settings.qLearningRate
    @Option(help: "γ: discount of future reward, when the table is learned (adaptive mode).")
    public var gamma = Defaults.settings.discount

    public init() {}

    /// The flags into `settings`; the bias multiplier only where given, so that a preset's stays.
    public func apply(to settings: inout SynapticSettings) {
        settings.epsilon = epsilon
        settings.step = step
        if let biasStepMultiplier { settings.biasStepMultiplier = biasStepMultiplier }
        settings.qLearningRate = qRate
        settings.discount = gamma
    }
}
