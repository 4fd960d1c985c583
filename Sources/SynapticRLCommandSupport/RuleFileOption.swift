import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments

/// --rule FILE: the whole synaptic rule from a rule file (docs/rules.md), shared by synrl boundary, synrl train
/// and synrl-mpi train. The rule's shorthand flags (--epsilon, --step, --history, …) describe parts of the same
/// value, so a command refuses them beside --rule rather than guess which one wins.
public struct RuleFileOption: ParsableArguments {
    @Option(name: .customLong("rule"), help: "A rule file (JSON, docs/rules.md): state features, action set, reward, policy, learning and schedules. Replaces the rule flags (--epsilon, --step, --history, --q-rate, --gamma, --bias-step-multiplier, --adaptive, --step-schedule).")
    public var path: String?

    public init() {}

    /// The rule file and its record, or nil without --rule; `shorthands` are the rule flags the user gave.
    public func load(refusing shorthands: [String]) throws -> (file: RuleFile, source: PolicySource)? {
        guard let path else { return nil }
        if let flag = shorthands.first {
            throw ValidationError("\(flag) is part of the rule: set it in \(path), or leave out --rule")
        }
        return try PolicySource.loadRule(from: URL(fileURLWithPath: path))
    }
}
