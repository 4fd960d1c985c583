import Foundation
import SynapticRL

extension PolicyEvaluation {
    /// What an evaluation leaves: the table as Markdown, every run's rows, and whether it stopped early.
    public struct Outcome: Sendable {
        public let markdown: String
        public let rows: [Row]
        public let interrupted: Bool
    }

    /// What a caller hears while a run goes on: the boundary task's accuracy, an OCR run's latest validation accuracy.
    public struct Progress: Sendable {
        public let iteration: Int
        public let iterations: Int
        public let loss: Double
        public let accuracy: Double?
        public let seconds: Double
        /// Whether the report comes with a metrics row (a boundary run's every report, an OCR run's evaluation).
        public let isMilestone: Bool
    }

    /// evaluation.json: the settings (each policy by name, path and SHA-256), whether the evaluation is complete,
    /// every finished run's rows and the table's cells.
    public struct Record: Codable, Sendable {
        /// `Settings` without the tables' numbers.
        public struct RecordedSettings: Codable, Sendable {
            public let policies: [RecordedPolicy]
            public let tasks: [Task]
            public let seeds: Int
            public let firstBoundary: UInt64
            public let boundaries: Int
            public let boundaryIterations: Int
            public let ocrIterations: Int
            public let hiddenIterations: Int
            public let boundaryShape: BoundaryTask.Shape
            /// Its thread count is 1: `threads` records the runs'.
            public let ocr: ClassificationExperiment.Configuration
            public let preset: ClassificationExperiment.Preset
            public var threads: Int
        }

        /// A policy as the record names it.
        public struct RecordedPolicy: Codable, Sendable, Equatable {
            public let name: String
            public let source: PolicySource
        }

        public let settings: RecordedSettings
        public let interrupted: Bool
        public let rows: [Row]
        public let cells: [Cell]
    }

    /// Claims `folder` for an evaluation: a new one must find it missing or empty; with `resume`, a folder holding an
    /// earlier evaluation is continued (and a missing or empty one started).
    public static func claim(_ folder: URL, resume: Bool) throws {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        if entries.isEmpty {
            try RunFolder.claimNew(folder, overwrite: false)
        } else if resume {
            try RunFolder.claimExisting(folder)
        } else {
            throw SynapticRLError.io("\(folder.path) already holds files (an earlier evaluation?): pass --resume to continue it "
                + "(finished runs are kept), or choose another --out")
        }
    }

    /// Runs the plan one run after another into `folder`/runs/<task>/<policy>-… (the caller has claimed `folder`),
    /// then writes evaluation.md, evaluation.csv and evaluation.json there. `data` is needed for the OCR tasks only.
    /// With `resume`, `folder` holds an earlier evaluation of the same settings: a run whose summaries are there,
    /// readable, finished and of this run's settings and policy is kept; any other is run again from its start.
    /// Where `shouldStop` asks, the run in progress ends early and the table holds what finished.
    public static func run(
        _ settings: Settings, data: DataSource.Loaded?, folder: URL, resume: Bool, log: @escaping (String) -> Void = { _ in },
        progress: @escaping (Progress) -> Void = { _ in }, shouldStop: @escaping () -> Bool = { false }
    ) throws -> Outcome {
        let runs = try plan(settings)
        if settings.needsData && data == nil { throw SynapticRLError.invalidParameter("the OCR tasks need a data set") }
        let writer = RunFolderWriter(folder: folder)
        try checkSettings(settings, in: writer, resume: resume)
        let runsFolder = folder.appendingPathComponent("runs")
        var interrupted = false
        for (index, run) in runs.enumerated() {
            let taskFolder = runsFolder.appendingPathComponent(run.task.rawValue)
            try AtomicFile.createFolder(taskFolder)
            let runFolder = taskFolder.appendingPathComponent(run.folderName)
            let line = "[\(index + 1)/\(runs.count)] \(run.task.rawValue) \(run.policy.name) " + describe(run)
            if resume, isFinished(run, in: runFolder) {
                log(line + ": finished earlier, kept")
                continue
            }
            try RunFolder.claimNew(runFolder, overwrite: resume)
            log(line)
            switch run.job {
            case .boundary(let configuration):
                let summary = try BoundaryExperiment.run(configuration, progressEvery: max(configuration.iterations / 20, 1), output: runFolder,
                                                         shouldStop: shouldStop) { report in
                    progress(Progress(iteration: report.iteration, iterations: report.iterations, loss: report.loss,
                                      accuracy: report.accuracy, seconds: report.seconds, isMilestone: true))
                }.summary
                log(String(format: "    accuracy %.2f%%, ", summary.accuracy * 100)
                    + (summary.iterationsTo95.map { "95% first at iteration \($0)" } ?? "95% not reached")
                    + String(format: ", in %.1f s", summary.seconds) + (summary.interrupted ? ", interrupted" : ""))
                interrupted = summary.interrupted
            case .classification(let configuration):
                let summaries = try ClassificationExperiment.run(configuration, data: data!, output: runFolder, progress: { report in
                    progress(Progress(iteration: report.iteration, iterations: report.iterations, loss: report.loss,
                                      accuracy: report.validationAccuracy, seconds: report.seconds,
                                      isMilestone: report.isEvaluation))
                }, shouldStop: shouldStop).summaries
                let accuracies = summaries.map { String(format: "%.2f%%", $0.validationAccuracy * 100) }.joined(separator: ", ")
                log("    validation \(accuracies) in " + String(format: "%.1f s", summaries[0].seconds)
                    + (summaries[0].interrupted ? ", interrupted" : ""))
                interrupted = summaries[0].interrupted
            }
            if interrupted || shouldStop() {
                interrupted = true
                break
            }
        }
        let rows = try runs.flatMap { run in try recordedRows(of: run, in: runsFolder.appendingPathComponent(run.task.rawValue)
            .appendingPathComponent(run.folderName)) }
        let cells = Self.cells(settings, rows: rows)
        var markdown = Self.markdown(cells, settings: settings, dataSet: data?.train.name)
        if interrupted {
            markdown += "\n**Interrupted**: the table holds the runs that finished; `synrl evaluate-policies --resume` continues.\n"
        }
        try writer.writeText(markdown, to: .evaluationTable)
        try writer.writeText(Self.csv(rows), to: .evaluationCSV)
        try writer.writeJSON(Record(settings: settings.recorded, interrupted: interrupted, rows: rows, cells: cells), to: .evaluation)
        return Outcome(markdown: markdown, rows: rows, interrupted: interrupted)
    }

    /// What one run does, for its progress line.
    private static func describe(_ run: Run) -> String {
        switch run.job {
        case .boundary(let configuration): return "boundary \(configuration.seed): \(configuration.iterations) iterations"
        case .classification(let configuration):
            let seeds = configuration.trials > 1 ? "seeds \(configuration.seed)…\(configuration.trialSeed(configuration.trials - 1))"
                : "seed \(configuration.seed)"
            return "\(seeds) stacked: \(configuration.iterations) iterations"
        }
    }

    /// A new evaluation records its settings before it runs; a resumed one must have the same (threads aside).
    private static func checkSettings(_ settings: Settings, in writer: RunFolderWriter, resume: Bool) throws {
        let url = writer.url(of: .evaluation)
        guard resume, FileManager.default.fileExists(atPath: url.path) || !isEmpty(writer.folder) else {
            try writer.writeJSON(Record(settings: settings.recorded, interrupted: true, rows: [], cells: []), to: .evaluation)
            return
        }
        let data = try AtomicFile.read(url, what: "evaluation record", limit: 64 << 20)
        guard let recorded = try? JSONDecoder().decode(Record.self, from: data) else {
            throw SynapticRLError.invalidData("\(url.path) is not a synrl evaluate-policies record")
        }
        var given = settings.recorded
        given.threads = recorded.settings.threads  // results do not depend on it
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard try encoder.encode(recorded.settings) == encoder.encode(given) else {
            throw SynapticRLError.invalidParameter("\(writer.folder.path) holds an evaluation of other settings (policies, their files' "
                + "contents, tasks, seeds, boundaries or iterations): resume it with the flags it was started with, or choose another --out")
        }
    }

    private static func isEmpty(_ folder: URL) -> Bool { ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).isEmpty }

    /// A run folder whose every summary is readable, finished and of `run`'s settings, and whose configuration.json
    /// records `run`'s policy (by its SHA-256).
    static func isFinished(_ run: Run, in folder: URL) -> Bool {
        // A train run records its policy at the top of configuration.json, a boundary run within "configuration".
        struct RecordedPolicy: Decodable { let policy: PolicySource? }
        struct BoundaryRecord: Decodable { let configuration: RecordedPolicy }
        func decode<Value: Decodable>(_ type: Value.Type, _ url: URL) -> Value? {
            guard let data = try? AtomicFile.read(url, what: url.lastPathComponent, limit: 16 << 20) else { return nil }
            return try? JSONDecoder().decode(type, from: data)
        }
        let writer = RunFolderWriter(folder: folder)
        let configurationURL = writer.url(of: .configuration)
        let recorded: RecordedPolicy?
        switch run.job {
        case .boundary: recorded = decode(BoundaryRecord.self, configurationURL)?.configuration
        case .classification: recorded = decode(RecordedPolicy.self, configurationURL)
        }
        guard let sha256 = recorded?.policy?.sha256, sha256 == run.policy.source.sha256 else { return false }
        switch run.job {
        case .boundary(let configuration):
            guard let summary = decode(BoundaryExperiment.Summary.self, writer.url(of: .summary)) else { return false }
            return !summary.interrupted && summary.mode == "static" && summary.seed == configuration.seed
                && summary.iterations == configuration.iterations
        case .classification(let configuration):
            return trialFolders(configuration, in: folder).enumerated().allSatisfy { trial, trialFolder in
                guard let summary = decode(ClassificationExperiment.Summary.self, trialFolder.appendingPathComponent(RunFolderWriter.File.summary.rawValue))
                else { return false }
                return !summary.interrupted && summary.method == configuration.method.rawValue && summary.seed == configuration.trialSeed(trial)
                    && summary.iterations == configuration.iterations && summary.hidden == configuration.hiddenUnits
            }
        }
    }

    /// Where each trial's files are: the run folder itself for one trial, else its trial-<seed> folders.
    static func trialFolders(_ configuration: ClassificationExperiment.Configuration, in folder: URL) -> [URL] {
        guard configuration.trials > 1 else { return [folder] }
        return (0..<configuration.trials).map { folder.appendingPathComponent("trial-\(configuration.trialSeed($0))") }
    }
}

extension PolicyEvaluation.Settings {
    /// The settings as evaluation.json records them.
    public var recorded: PolicyEvaluation.Record.RecordedSettings {
        var ocr = ocr
        ocr.settings.threads = 1  // recorded once, as `threads`: results do not depend on it
        return .init(policies: policies.map { .init(name: $0.name, source: $0.source) }, tasks: tasks, seeds: seeds,
              firstBoundary: firstBoundary, boundaries: boundaries, boundaryIterations: boundaryIterations,
              ocrIterations: ocrIterations, hiddenIterations: hiddenIterations, boundaryShape: boundaryShape, ocr: ocr,
              preset: preset, threads: threads)
    }
}
