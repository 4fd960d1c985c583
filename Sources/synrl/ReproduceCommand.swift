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
        var results: [(experiment: String, summary: ClassificationExperiment.Summary)] = []
        for (index, run) in runs.enumerated() {
            let length = run.configuration.method == .lstsq ? "closed form" : "\(run.configuration.iterations) iterations"
            log("[\(index + 1)/\(runs.count)] \(run.experiment), seed \(run.configuration.seed), \(length)")
            let runFolder = folder.appendingPathComponent("\(index + 1)-\(run.configuration.method.rawValue)-\(run.configuration.hiddenUnits.first ?? 0)hu-seed\(run.configuration.seed)")
            let result = try ClassificationExperiment.run(run.configuration, data: loaded, output: runFolder,
                                                          shouldStop: { stop.isRequested }).summary
            log(String(format: "    validation %.2f%% in %.1f s", result.validationAccuracy * 100, result.seconds)
                + (result.interrupted ? ", interrupted after \(result.iterations) iterations" : ""))
            results.append((run.experiment, result))
            if stop.isRequested { break }
        }
        let rows = TableOneReproduction.rows(from: results)
        let interrupted = results.count < runs.count || results.contains { $0.summary.interrupted }
        var markdown = TableOneReproduction.markdown(rows, dataSet: loaded.train.name, scale: iterationsScale)
        if interrupted {
            markdown += "\n**Interrupted**: \(results.count) of \(runs.count) runs, the last of them cut short; the rows hold what finished.\n"
        }
        try AtomicFile.write(Data(markdown.utf8), to: folder.appendingPathComponent("table1.md"))
        try AtomicFile.write(Data(TableOneReproduction.csv(rows).utf8), to: folder.appendingPathComponent("table1.csv"))
        try AtomicFile.writeJSON(Completion(runs: runs.count, completed: results.filter { !$0.summary.interrupted }.count,
                                            interrupted: interrupted, rows: rows),
                                 to: folder.appendingPathComponent("summary.json"))
        print(markdown)
        print("table and runs in \(folder.path)")
        if let summaryURL {
            try AtomicFile.writeJSON(rows, to: summaryURL)
        }
        if interrupted, let number = stop.signalNumber {
            log("interrupted: \(folder.path) holds the table of the runs so far")
            throw ExitCode(128 + number)
        }
    }

    /// summary.json of a reproduction's folder: how far it got, and its rows.
    struct Completion: Encodable {
        let runs: Int
        let completed: Int
        let interrupted: Bool
        let rows: [TableOneReproduction.Row]
    }
}
