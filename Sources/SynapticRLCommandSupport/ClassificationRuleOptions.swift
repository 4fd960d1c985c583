import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments

/// The OCR run's rule, shared by synrl train and synrl-mpi train: the hyper-parameters, the preset (paper or
/// the authors' code), the step schedule and the table applied.
public struct ClassificationRuleOptions: ParsableArguments {
    @OptionGroup public var settings: SynapticRuleOptions<ClassificationRuleDefaults>
    @Option(help: "paper (default) or authors: the authors' code where it differs (bias step ×2, no loss re-evaluation at a minibatch switch, step halved at 100k with hidden units).")
    public var preset: ClassificationExperiment.Preset = .paper
    @Option(name: .customLong("step-schedule"), help: "ITERATION:FACTOR[,…]: multiply the step from that iteration on. Default: 60000:0.5 with hidden units (the paper; the authors preset: 100000:0.5), none without.")
    public var stepSchedule: String?
    @Flag(name: .customLong("no-reevaluate"), help: "At a minibatch switch keep the old batch's loss (the authors' code).")
    public var noReevaluate = false
    @OptionGroup public var ruleFile: RuleFileOption
    @Option(help: "A policy file to apply instead of the authors' golden table; a general rule's policy file brings its rule unless --rule names one.")
    public var policy: String?
    @Flag(help: "Keep learning the table (Q-learning) instead of applying it frozen.")
    public var adaptive = false

    public init() {}

    public func validate() throws {
        _ = try schedule()
    }

    /// --step-schedule as given; nil where the preset decides.
    func schedule() throws -> StepSchedule? {
        do {
            return try stepSchedule.map(StepSchedule.init(parsing:))
        } catch let error as SynapticRLError {
            throw ValidationError(error.detail)
        }
    }

    /// The preset, then the flags that override it, then the rule file, then the table: after `hiddenUnits` is set,
    /// since the preset's schedule depends on them. Returns the table's name, for the log.
    @discardableResult
    public func apply(to configuration: inout ClassificationExperiment.Configuration) throws -> String {
        configuration.apply(preset)
        settings.apply(to: &configuration.settings)
        if noReevaluate { configuration.reevaluateAtSwitch = false }
        if let schedule = try schedule() { configuration.schedule = schedule }
        configuration.settings.adaptive = adaptive
        let shorthands = settings.given + (stepSchedule != nil ? ["--step-schedule"] : []) + (adaptive ? ["--adaptive"] : [])
            + (preset != .paper ? ["--preset"] : [])
        if let (file, source) = try ruleFile.load(refusing: shorthands) {
            (configuration.rule, configuration.ruleSource) = (file.rule, source)
        }
        guard let policy else {
            if let rule = configuration.rule { configuration.settings = rule.settings(threads: configuration.settings.threads) }
            if case .fixed = configuration.effectiveRule.policy { return "none (a fixed map reads no table)" }
            return configuration.startsFromAuthorsTable ? "authors' golden table" : "zeros"
        }
        let (loaded, source) = try PolicySource.loadEither(from: URL(fileURLWithPath: policy))
        configuration.policySource = source
        let name: String
        switch loaded {
        case .paper(let file):
            configuration.table = file.table
            if configuration.rule == nil { configuration.settings.historyLength = file.table.historyLength }
            name = file.name
        case .rule(let file):
            if configuration.rule == nil {  // the file's own rule, frozen unless --adaptive
                configuration.rule = file.applied(adaptive: adaptive)
            }
            configuration.initialRuleTable = file.table
            name = file.name
        }
        if let rule = configuration.rule { configuration.settings = rule.settings(threads: configuration.settings.threads) }
        return name
    }
}
