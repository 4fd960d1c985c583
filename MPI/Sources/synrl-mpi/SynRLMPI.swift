import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments
import SynapticRLCommandSupport

/// `mpirun -np P synrl-mpi train …`: synaptic RL with every minibatch shared out over P processes. Every process
/// holds the whole network and takes the same actions (the counter-based generator is keyed by seed, iteration and
/// synapse); per iteration they exchange only their chunk sums of the loss, so the run is bit-identical for any P
/// and to `synrl train` with the same flags. Rank 0 scores, logs and writes the run folder.
@main
struct SynRLMPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synrl-mpi",
        abstract: "Data-parallel synaptic RL over MPI (mpirun -np P synrl-mpi train …).",
        version: "synrl-mpi \(engineVersion)",
        subcommands: [MPITrain.self, MPIResume.self, MPIEvolve.self])

    /// Closed or full standard streams are made harmless first; what was printed is checked at exit.
    static func main() {
        StandardStreams.prepare()
        main(nil)
    }
}

/// Set by SIGINT/SIGTERM; the processes agree on it once per iteration.
nonisolated(unsafe) var stopRequested: sig_atomic_t = 0

struct MPITrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an OCR network by synaptic RL, each minibatch shared out over the MPI processes.",
        discussion: "The flags mean what they mean for synrl train. Rank 0 writes the run folder and its checkpoint, which holds the whole minibatch's state: synrl-mpi resume (any number of processes) or synrl resume continues it.")

    @OptionGroup var dataSet: DataSetOption
    @OptionGroup var classification: ClassificationOptions
    @Option(help: "Iterations.")
    var iterations = 10_000
    @OptionGroup var rule: ClassificationRuleOptions
    @OptionGroup var output: RunFolderOptions<Folder>
    @OptionGroup var checkpoint: CheckpointOption
    @OptionGroup var narration: QuietOption

    enum Folder: RunFolderKind {
        static let name = "train-mpi"
        static let isSeeded = true
        static let contents = "written by rank 0: configuration, metrics.csv, policy, weights.bin, summary.json, checkpoint.bin"
        static let resumedBy: String? = "synrl-mpi resume (any number of processes) or synrl resume"
    }

    func run() throws {
        try MPISession.run { try train() }
    }

    private func train() throws {
        var configuration = ClassificationExperiment.Configuration()
        try classification.apply(to: &configuration)
        configuration.iterations = iterations
        try rule.apply(to: &configuration)
        checkpoint.apply(to: &configuration)
        try configuration.validate()
        let folder = try output.folder(seed: classification.seed)  // rank 0's is used
        if MPIWorld.rank == 0 { try output.claim(folder) }
        try MPISession.train(configuration, data: try DataSource.load(path: dataSet.data), folder: folder, quiet: narration.quiet)
    }
}

struct MPIResume: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a run from its checkpoint.bin on any number of processes (mpirun -np P synrl-mpi resume DIR).")

    @Argument(help: "The run folder (holding checkpoint.bin), on a file system every rank sees.")
    var folder: String
    @Option(help: "The data set, if it moved since the run started. Default: the path the run recorded.")
    var data: String?
    @OptionGroup var narration: QuietOption

    func run() throws {
        try MPISession.run {
            // Rank 0 writes, so rank 0 locks: a run still going is refused before its checkpoint is read.
            if MPIWorld.rank == 0 { try RunFolder.claimExisting(URL(fileURLWithPath: folder)) }
            let checkpoint = try CheckpointFile.load(runFolder: URL(fileURLWithPath: folder))
            try MPISession.train(checkpoint.configuration, data: try DataSource.load(path: data ?? checkpoint.dataPath),
                                 folder: URL(fileURLWithPath: folder), quiet: narration.quiet, resume: checkpoint)
        }
    }
}

/// What train and resume share: MPI's lifetime, signals, errors, the run itself and rank 0's report.
enum MPISession {
    static func run(_ body: () throws -> Void) throws {
        MPIWorld.start()
        defer { MPIWorld.finish() }
        signal(SIGINT) { _ in stopRequested = 1 }
        signal(SIGTERM) { _ in stopRequested = 1 }
        do {
            try body()
        } catch {
            let message = (error as? SynapticRLError)?.description ?? "\(error)"
            StandardStreams.writeError("Error (rank \(MPIWorld.rank)): \(message)\n")
            RunFolder.discardUnused()
            MPIWorld.abort(1)
        }
    }

    static func train(_ configuration: ClassificationExperiment.Configuration, data loaded: DataSource.Loaded, folder: URL,
                      quiet: Bool, resume: Checkpoint? = nil) throws {
        let samples = min(configuration.batchSize, loaded.train.count)
        let parallel = MPIWorld.dataParallel(samples: samples)
        let lead = parallel.isLead
        let outcome = try ClassificationExperiment.run(
            configuration, data: loaded, output: lead ? folder : nil,
            log: { line in if lead && !quiet { StandardStreams.writeError(line + "\n") } },
            progress: { report in
                guard lead, !quiet, report.isEvaluation else { return }
                let validation = report.validationAccuracy.map { String(format: "  validation %.2f%%", $0 * 100) } ?? ""
                StandardStreams.writeError((String(format: "[%d/%d] loss %.5f%@\n", report.iteration, report.iterations,
                                                           report.loss, validation)))
            },
            shouldStop: { stopRequested != 0 }, resume: resume, parallel: parallel)
        let latency = MPIWorld.allreduceLatency()  // a collective: every rank measures
        guard lead, let result = outcome.summaries.first else { return }
        let share = DataParallel.share(rank: 0, of: parallel.size, samples: samples)
        print(String(format: "synrl-mpi, %d processes (rank 0 evaluates %d of %d samples per minibatch): validation accuracy %.2f%% "
                     + "(from %.2f%%; chance %.2f%%), %d iterations in %.1f s (%.1f iterations/s); per iteration one allgather of "
                     + "the minibatch's %d-byte chunk sums and one 4-byte allreduce of the stop flag",
                     parallel.size, share.count, samples, result.validationAccuracy * 100,
                     result.initialValidationAccuracy * 100, result.chanceAccuracy * 100,
                     result.iterations, result.seconds, result.iterationsPerSecond, 8 * DataParallel.chunkCount(samples: samples)))
        if !quiet { print(String(format: "MPI_Allreduce of one double: %.2f µs (median of 2000)", latency * 1e6)) }
        if result.interrupted {
            StandardStreams.writeError("interrupted after \(result.iterations) iterations; mpirun … synrl-mpi resume \(folder.path) continues it\n")
        }
    }
}
