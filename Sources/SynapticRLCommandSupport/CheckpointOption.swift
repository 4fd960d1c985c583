import ArgumentParser
import SynapticRL
import SynapticRLExperiments

/// --checkpoint-every of a synaptic-RL run (synrl train, synrl-mpi train).
public struct CheckpointOption: ParsableArguments {
    @Option(name: .customLong("checkpoint-every"), help: "synrl: write the run folder's checkpoint.bin every N iterations (0: never; default 10000, and 0 for a --rule other than the paper's, which cannot be checkpointed yet); synrl resume (or synrl-mpi resume, on any number of processes) continues from it. SIGINT/SIGTERM write one too.")
    public var checkpointEvery: Int?

    /// The interval where --checkpoint-every is not given, for the paper's rule.
    public static let defaultInterval = 10_000

    public init() {}

    public func validate() throws {
        guard (checkpointEvery ?? 0) >= 0 else { throw ValidationError("--checkpoint-every must be 0 or more") }
    }

    /// Only a synaptic-RL run checkpoints: gd and lstsq get 0, and by default so does a rule that is not the
    /// paper's (given explicitly, validation refuses it). Set `method` and the rule first.
    public func apply(to configuration: inout ClassificationExperiment.Configuration) {
        let byDefault = configuration.effectiveRule.isCheckpointable ? Self.defaultInterval : 0
        configuration.checkpointEvery = configuration.method == .synrl ? checkpointEvery ?? byDefault : 0
    }
}
