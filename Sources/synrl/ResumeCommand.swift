import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments
import SynapticRLCommandSupport

struct ResumeCommand: LibraryCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a synrl train run (any method but lstsq) from its checkpoint; it ends exactly as the run left alone would.",
        discussion: """
            The run folder's checkpoint.bin holds, for synaptic RL, the rule and every weight, synapse memory, table, loss, \
            metrics row and the first layer's state, whatever the rule; for gd, sgd, hillclimb, spsa, es and signsgd, the \
            weights, the optimizer's memory and the metrics rows. The data set is read again from the path the run recorded (or --data) and must be \
            the same data (its fingerprint is checked). A folder in use by another synrl process is refused.
            """)

    @Argument(help: "The run folder (written by synrl train, holding checkpoint.bin).")
    var folder: String
    @Option(help: "The data set, if it moved since the run started. Default: the path the run recorded.")
    var data: String?
    @Option(help: "Threads for our kernels (results do not depend on it). Default: the run's.")
    var threads: Int?
    @OptionGroup var summary: SummaryOption
    @OptionGroup var narration: QuietOption

    func validate() throws {
        if let threads, !(1...1024).contains(threads) { throw ValidationError("--threads must be 1...1024") }
    }

    func execute() throws {
        narration.apply()
        let runFolder = try pathFlag(folder, "the run folder")
        let summaryURL = try summary.url()
        try OutputPaths.check(outputs: summaryURL.map { [("--summary", $0)] } ?? [], runFolder: runFolder)
        // The lock first: a run still going (or a second resume) is refused before its checkpoint is read, so
        // a stale state can never be continued over newer results.
        try RunFolder.claimExisting(runFolder)
        let checkpoint = try RunCheckpoint.load(runFolder: runFolder)
        var configuration = checkpoint.configuration
        if let threads { configuration.settings.threads = threads }
        log("synrl resume: \(folder) after iteration \(checkpoint.iteration) of \(configuration.iterations)")
        let loaded = try DataSource.load(path: data ?? checkpoint.dataPath)
        try TrainingSession.run(configuration, data: loaded, folder: runFolder, quiet: narration.quiet, summary: summaryURL, resume: checkpoint)
    }
}
