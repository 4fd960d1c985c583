import ArgumentParser
import SynapticRL
import SynapticRLExperiments

/// --checkpoint-every of an iterative run (synrl train, synrl-mpi train): every method but lstsq.
public struct CheckpointOption: ParsableArguments {
    @Option(name: .customLong("checkpoint-every"), help: "Every method but lstsq: write the run folder's checkpoint.bin every N iterations (0: never; default 10000, for any rule or optimizer); synrl resume (or synrl-mpi resume, on any number of processes) continues from it. SIGINT/SIGTERM write one too.")
    public var checkpointEvery: Int?

    /// The interval where --checkpoint-every is not given.
    public static let defaultInterval = 10_000

    public init() {}

    public func validate() throws {
        guard (checkpointEvery ?? 0) >= 0 else { throw ValidationError("--checkpoint-every must be 0 or more") }
    }

    /// Every iterative method checkpoints (synaptic RL with any rule, gd, sgd and the peers); lstsq, fitted in one
    /// step, gets 0. Set `method` first.
    public func apply(to configuration: inout ClassificationExperiment.Configuration) {
        configuration.checkpointEvery = configuration.method == .lstsq ? 0 : checkpointEvery ?? Self.defaultInterval
    }
}
