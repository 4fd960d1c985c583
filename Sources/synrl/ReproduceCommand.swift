import ArgumentParser
import Foundation
import SynapticRL

struct ReproduceCommand: LibraryCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "The paper's Table 1: synaptic RL and gradient descent, 0 and 32 hidden units, K trials each, plus lstsq.")

    @Option(help: "Data set, as for synrl train. Default: Debian's Fashion-MNIST.")
    var data: String?
    @Option(help: "Trials per experiment (seeds seed, seed+1, …).")
    var trials = 5
    @Option(help: "First seed.")
    var seed: UInt64 = 1
    @Option(name: .customLong("iterations-scale"), help: "Shrink every schedule (iterations, step halving, minibatch redraws) by this factor.")
    var iterationsScale = 1.0
    @Option(help: "Threads for our kernels and OpenBLAS.")
    var threads = 1
    @Option(help: "Folder for the runs' folders and the table. Default: runs/reproduce-<time>.")
    var out: String?
    @Option(help: "Also write the rows as JSON to this file.")
    var summary: String?

    func validate() throws {
        guard (1...100).contains(trials) else { throw ValidationError("--trials must be 1...100") }
        guard iterationsScale.isFinite && iterationsScale > 0 && iterationsScale <= 10 else {
            throw ValidationError("--iterations-scale must be in (0, 10]")
        }
    }

    func execute() throws {
        if let summary { try AtomicFile.checkWritable(URL(fileURLWithPath: summary)) }
        let folder = URL(fileURLWithPath: out ?? "runs/reproduce-\(TrainCommand.timestamp())")
        try AtomicFile.createFolder(folder)
        let loaded = try DataSource.load(path: data)
        var base = ClassificationExperiment.Configuration()
        base.seed = seed
        base.settings.threads = threads
        let runs = TableOneReproduction.configurations(trials: trials, scale: iterationsScale, base: base)
        var results: [(experiment: String, summary: ClassificationExperiment.Summary)] = []
        for (index, run) in runs.enumerated() {
            let length = run.configuration.method == .lstsq ? "closed form" : "\(run.configuration.iterations) iterations"
            log("[\(index + 1)/\(runs.count)] \(run.experiment), seed \(run.configuration.seed), \(length)")
            let runFolder = folder.appendingPathComponent("\(index + 1)-\(run.configuration.method.rawValue)-\(run.configuration.hiddenUnits.first ?? 0)hu-seed\(run.configuration.seed)")
            let result = try ClassificationExperiment.run(run.configuration, data: loaded, output: runFolder).summary
            log(String(format: "    validation %.2f%% in %.1f s", result.validationAccuracy * 100, result.seconds))
            results.append((run.experiment, result))
        }
        let rows = TableOneReproduction.rows(from: results)
        let markdown = TableOneReproduction.markdown(rows, dataSet: loaded.train.name, scale: iterationsScale)
        try AtomicFile.write(Data(markdown.utf8), to: folder.appendingPathComponent("table1.md"))
        try AtomicFile.write(Data(TableOneReproduction.csv(rows).utf8), to: folder.appendingPathComponent("table1.csv"))
        print(markdown)
        print("table and runs in \(folder.path)")
        if let summary {
            try AtomicFile.writeJSON(rows, to: URL(fileURLWithPath: summary))
        }
    }
}
