import SynapticRL

/// The configuration file of a boundary run folder: the engine, `"task": "boundary"` and the settings that
/// applied. A static run's table does not learn, so it records no Q-learning rate, discount, export rule or mirror
/// symmetry; a run given a table records its `policy` (absent: adaptive learning from an all-zero table).
struct BoundaryRunRecord: Encodable {
    struct Settings: Encodable {
        let epsilon: Double
        let step: Float
        let biasStepMultiplier: Float
        let adaptive: Bool
        /// Adaptive runs only.
        let qLearningRate: Double?
        let discount: Double?
        let historyLength: Int
        let threads: Int
    }

    struct Configuration: Encodable {
        let seed: UInt64
        let iterations: Int
        let settings: Settings
        let shape: BoundaryTask.Shape
        let learnerWeightRange: Float
        /// Adaptive runs only: which table policy.json holds, and whether it is mirror-symmetrised.
        let export: PolicyExport?
        let mirrorSymmetric: Bool?
        let policy: PolicySource?
        /// The whole rule the run applied (for the paper's rule, the value its settings are shorthands for).
        let rule: SynapticRule
        /// Where the rule came from, when a rule file gave it.
        let ruleFile: PolicySource?
    }

    let engine = "SynapticRL \(RunRecord.engineVersion)"
    let task = "boundary"
    let configuration: Configuration

    init(_ configuration: BoundaryExperiment.Configuration) {
        let settings = configuration.settings
        let adaptive = settings.adaptive
        self.configuration = Configuration(
            seed: configuration.seed, iterations: configuration.iterations,
            settings: Settings(epsilon: settings.epsilon, step: settings.step, biasStepMultiplier: settings.biasStepMultiplier,
                               adaptive: adaptive, qLearningRate: adaptive ? settings.qLearningRate : nil,
                               discount: adaptive ? settings.discount : nil, historyLength: settings.historyLength,
                               threads: settings.threads),
            shape: configuration.shape, learnerWeightRange: configuration.learnerWeightRange,
            export: adaptive ? configuration.export : nil, mirrorSymmetric: adaptive ? configuration.mirrorSymmetric : nil,
            policy: (configuration.initialTable != nil || configuration.initialRuleTable != nil)
                ? configuration.policySource ?? .inMemory : nil,
            rule: configuration.effectiveRule, ruleFile: configuration.ruleSource)
    }
}
