import Foundation
import SynapticRL

extension MethodComparison {
    /// What a comparison leaves: the table as Markdown, its cells, and whether it stopped early.
    public struct Outcome: Sendable {
        public let markdown: String
        public let cells: [Cell]
        public let interrupted: Bool
    }

    /// Runs the plan one run after another into `folder`/runs/<method>-seed<k> (the caller has claimed `folder`),
    /// then writes comparison.md, comparison.csv and comparison.json there. With `resume`, `folder` holds an
    /// earlier comparison of the same settings: its finished runs are kept, a run with a checkpoint continues
    /// from it, and an unfinished one without is run again. Where `shouldStop` asks, the run in progress ends
    /// early (with a checkpoint) and the table holds what finished.
    public static func run(
        _ settings: Settings, data: DataSource.Loaded, folder: URL, resume: Bool, log: @escaping (String) -> Void = { _ in },
        progress: @escaping (ClassificationExperiment.Progress) -> Void = { _ in }, shouldStop: @escaping () -> Bool = { false }
    ) throws -> Outcome {
        let (training, _, _) = try ClassificationExperiment.splitData(data, configuration: settings.base)
        let runs = try plan(settings, trainingCount: training.count)
        let writer = RunFolderWriter(folder: folder)
        try checkSettings(settings, in: writer, resume: resume)
        let runsFolder = folder.appendingPathComponent("runs")
        try AtomicFile.createFolder(runsFolder)
        var interrupted = false
        for (index, run) in runs.enumerated() {
            let runFolder = runsFolder.appendingPathComponent(run.folderName)
            let line = "[\(index + 1)/\(runs.count)] \(run.method.rawValue) seed \(run.seed): \(run.configuration.iterations) iterations to spend "
                + Self.scientific(settings.budgets.last!) + " forward-equivalents"
            if resume, isFinished(runFolder) {
                log(line + ": finished earlier, kept")
                continue
            }
            var checkpoint: RunCheckpoint?
            let checkpointFile = RunFolderWriter(folder: runFolder).url(of: .checkpoint)
            if resume && FileManager.default.fileExists(atPath: checkpointFile.path) {
                do {
                    checkpoint = try RunCheckpoint.load(runFolder: runFolder)
                } catch {  // said, not swallowed: the run starts again from its first iteration
                    log(line + ": its checkpoint is unusable (\(error)); running it again")
                }
            }
            if checkpoint == nil { try RunFolder.claimNew(runFolder, overwrite: resume) }
            log(line + (checkpoint.map { ", resumed after iteration \($0.iteration)" } ?? ""))
            var configuration = checkpoint?.configuration ?? run.configuration
            configuration.settings.threads = run.configuration.settings.threads  // results do not depend on it
            let summary = try ClassificationExperiment.run(configuration, data: data, output: runFolder,
                                                           progress: progress, shouldStop: shouldStop, resume: checkpoint).summary
            log(String(format: "    validation %.2f%% in %.1f s", summary.validationAccuracy * 100, summary.seconds)
                + (summary.interrupted ? ", interrupted after \(summary.iterations) iterations" : ""))
            if summary.interrupted || shouldStop() {
                interrupted = true
                break
            }
        }
        let results = try runs.map { run in (run, try Self.recordedRows(in: runsFolder.appendingPathComponent(run.folderName))) }
        let cells = Self.cells(settings, results: results)
        var markdown = Self.markdown(cells, settings: settings, dataSet: data.train.name, network: [training.pixelsPerImage] + settings.base.hiddenUnits + [training.classCount])
        if interrupted {
            markdown += "\n**Interrupted**: the table holds the runs that finished; `synrl compare --resume` continues.\n"
        }
        try writer.writeText(markdown, to: .comparisonTable)
        try writer.writeText(Self.csv(results, budgets: settings.budgets), to: .comparisonCSV)
        try writer.writeJSON(Record(settings: settings, interrupted: interrupted, cells: cells), to: .comparison)
        return Outcome(markdown: markdown, cells: cells, interrupted: interrupted)
    }

    /// comparison.json: the settings, whether the comparison is complete, and the table's cells.
    struct Record: Codable {
        let settings: Settings
        let interrupted: Bool
        let cells: [Cell]
    }

    /// A new comparison records its settings before it runs; a resumed one must have the same.
    private static func checkSettings(_ settings: Settings, in writer: RunFolderWriter, resume: Bool) throws {
        let url = writer.url(of: .comparison)
        if resume {
            let data = try AtomicFile.read(url, what: "comparison record", limit: 64 << 20)
            guard let recorded = try? JSONDecoder().decode(Record.self, from: data) else {
                throw SynapticRLError.invalidData("\(url.path) is not a synrl comparison record")
            }
            var given = settings
            given.base.settings.threads = recorded.settings.base.settings.threads  // results do not depend on it
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            guard try encoder.encode(recorded.settings) == encoder.encode(given) else {
                throw SynapticRLError.invalidParameter("\(writer.folder.path) holds a comparison of other settings (methods, seeds, budgets, "
                    + "scale or run settings): resume it with the flags it was started with, or choose another --out")
            }
        } else {
            try writer.writeJSON(Record(settings: settings, interrupted: true, cells: []), to: .comparison)
        }
    }

    /// A run folder whose summary says the run finished.
    private static func isFinished(_ folder: URL) -> Bool {
        guard let data = try? AtomicFile.read(RunFolderWriter(folder: folder).url(of: .summary), what: "summary", limit: 16 << 20),
              let summary = try? JSONDecoder().decode(ClassificationExperiment.Summary.self, from: data) else { return false }
        return !summary.interrupted
    }

    /// 1.0e7, for budgets in lines and tables.
    public static func scientific(_ value: Int) -> String { String(format: "%.1e", Double(value)).replacingOccurrences(of: "e+0", with: "e").replacingOccurrences(of: "e+", with: "e") }
}
