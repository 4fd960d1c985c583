import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments
import SynapticRLCommandSupport

struct ReproduceCommand: LibraryCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "The paper's Table 1: synaptic RL and gradient descent, 0 and 32 hidden units, K trials each, plus lstsq.")

    @OptionGroup var dataSet: DataSetOption
    @Option(help: "Trials per experiment (seeds seed, seed+1, …; the last must not pass 2^64 − 1).")
    var trials = 5
    @Option(help: "First seed.")
    var seed: UInt64 = 1
    @Option(name: .customLong("iterations-scale"), help: "Shrink every schedule (iterations, step halving, minibatch redraws) by this factor.")
    var iterationsScale = 1.0
    @OptionGroup var threads: ThreadsOption
    @OptionGroup var output: RunFolderOptions<Folder>
    @Option(help: "Also write the rows as JSON to this file.")
    var summary: String?
    @OptionGroup var narration: QuietOption

    enum Folder: RunFolderKind {
        static let name = "reproduce"
        static let isSeeded = false
        static let contents = "a folder per run, table1.md, table1.csv and summary.json"
        static let resumedBy: String? = nil
    }

    func validate() throws {
        guard (1...100).contains(trials) else { throw ValidationError("--trials must be 1...100") }
        guard iterationsScale.isFinite && iterationsScale > 0 && iterationsScale <= 10 else {
            throw ValidationError("--iterations-scale must be in (0, 10]")
        }
    }

    func execute() throws {
        narration.apply()
        let summaryURL = try summary.map { try pathFlag($0, "--summary") }
        let folder = try output.folder(seed: nil)
        var base = ClassificationExperiment.Configuration()
        base.seed = seed
        threads.apply(to: &base.settings)
        let runs = try TableOneReproduction.configurations(trials: trials, scale: iterationsScale, base: base)
        for run in runs { try run.configuration.validate() }
        try OutputPaths.check(outputs: summaryURL.map { [("--summary", $0)] } ?? [],
                              inputs: dataSet.data.map { [("--data", URL(fileURLWithPath: $0))] } ?? [], runFolder: folder)
        try output.claim(folder)
        let loaded = try DataSource.load(path: dataSet.data)
        let stop = StopSignal()
        let outcome = try TableOneReproduction.run(runs, data: loaded, scale: iterationsScale, folder: folder, log: log,
                                                   shouldStop: { stop.isRequested })
        print(outcome.markdown)
        log("table and runs in \(folder.path)")
        if let summaryURL {
            try AtomicFile.writeJSON(outcome.rows, to: summaryURL)
        }
        if outcome.interrupted, let number = stop.signalNumber {
            log("interrupted: \(folder.path) holds the table of the runs so far")
            throw ExitCode(128 + number)
        }
    }
}
