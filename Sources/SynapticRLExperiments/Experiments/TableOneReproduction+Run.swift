import Foundation
import SynapticRL

extension TableOneReproduction {
    /// What a reproduction leaves: its rows, the table as Markdown, and whether it stopped early.
    public struct Outcome: Sendable {
        public let rows: [Row]
        public let markdown: String
        public let interrupted: Bool
    }

    /// summary.json of a reproduction's folder: how far it got, and its rows.
    struct Completion: Encodable {
        let runs: Int
        let completed: Int
        let interrupted: Bool
        let rows: [Row]
    }

    /// Runs `runs` (from `configurations`) one after another, each into its own folder in `folder` (claimed by the
    /// caller), then writes the table there: table1.md, table1.csv and summary.json. Where `shouldStop` asks,
    /// the run in progress ends early and the table holds what finished.
    public static func run(
        _ runs: [(experiment: String, configuration: ClassificationExperiment.Configuration)], data: DataSource.Loaded,
        scale: Double, folder: URL, log: (String) -> Void = { _ in }, shouldStop: @escaping () -> Bool = { false }
    ) throws -> Outcome {
        var results: [(experiment: String, summary: ClassificationExperiment.Summary)] = []
        for (index, run) in runs.enumerated() {
            let configuration = run.configuration
            let length = configuration.method == .lstsq ? "closed form" : "\(configuration.iterations) iterations"
            log("[\(index + 1)/\(runs.count)] \(run.experiment), seed \(configuration.seed), \(length)")
            let runFolder = folder.appendingPathComponent(
                "\(index + 1)-\(configuration.method.rawValue)-\(configuration.hiddenUnits.first ?? 0)hu-seed\(configuration.seed)")
            let result = try ClassificationExperiment.run(configuration, data: data, output: runFolder, shouldStop: shouldStop).summary
            log(String(format: "    validation %.2f%% in %.1f s", result.validationAccuracy * 100, result.seconds)
                + (result.interrupted ? ", interrupted after \(result.iterations) iterations" : ""))
            results.append((run.experiment, result))
            if shouldStop() { break }
        }
        let rows = rows(from: results)
        let interrupted = results.count < runs.count || results.contains { $0.summary.interrupted }
        var table = markdown(rows, dataSet: data.train.name, scale: scale)
        if interrupted {
            table += "\n**Interrupted**: \(results.count) of \(runs.count) runs, the last of them cut short; the rows hold what finished.\n"
        }
        let writer = RunFolderWriter(folder: folder)
        try writer.writeText(table, to: .tableOne)
        try writer.writeText(csv(rows), to: .tableOneCSV)
        try writer.writeJSON(Completion(runs: runs.count, completed: results.filter { !$0.summary.interrupted }.count,
                                        interrupted: interrupted, rows: rows), to: .summary)
        return Outcome(rows: rows, markdown: table, interrupted: interrupted)
    }
}
