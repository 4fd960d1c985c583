import ArgumentParser
import Foundation
import SynapticRL

struct ResumeCommand: LibraryCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a synrl train run from its checkpoint; it ends exactly as the run left alone would.",
        discussion: """
            The run folder's checkpoint.bin holds every weight, synapse history, Q-table, loss, metrics row and the \
            first layer's state; the data set is read again from the path the run recorded (or --data) and must be \
            the same data (its fingerprint is checked).
            """)

    @Argument(help: "The run folder (written by synrl train, holding checkpoint.bin).")
    var folder: String
    @Option(help: "The data set, if it moved since the run started. Default: the path the run recorded.")
    var data: String?
    @Option(help: "Threads for our kernels (results do not depend on it). Default: the run's.")
    var threads: Int?
    @Option(help: "Also write the final summary as JSON to this file.")
    var summary: String?
    @Flag(help: "No progress output.")
    var quiet = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func execute() throws {
        let runFolder = URL(fileURLWithPath: folder)
        let checkpointURL = runFolder.appendingPathComponent(Checkpoint.fileName)
        guard FileManager.default.fileExists(atPath: checkpointURL.path) else {
            let finished = FileManager.default.fileExists(atPath: runFolder.appendingPathComponent("summary.json").path)
            throw SynapticRLError.io("\(folder) has no \(Checkpoint.fileName)"
                + (finished ? " (the run finished: see its summary.json)" : " (was it trained with --checkpoint-every 0?)"))
        }
        if let summary { try AtomicFile.checkWritable(URL(fileURLWithPath: summary)) }
        let checkpoint = try CheckpointFile.load(from: checkpointURL)
        var configuration = checkpoint.configuration
        if let threads { configuration.settings.threads = threads }
        log("synrl resume: \(folder) after iteration \(checkpoint.iteration) of \(configuration.iterations)")
        let loaded = try DataSource.load(path: data ?? checkpoint.dataPath)
        try TrainingSession.run(configuration, data: loaded, folder: runFolder, quiet: quiet, summary: summary, resume: checkpoint)
    }
}
