import Foundation
import SynapticRL

extension PolicyEvaluation {
    /// One finished run's result for one boundary or one seed: a row of evaluation.csv.
    public struct Row: Sendable, Codable, Equatable {
        public let policy: String
        public let task: Task
        /// The boundary's seed (boundary) or the trial's (ocr, hidden).
        public let seed: UInt64
        public let iterations: Int
        /// The final accuracy: on the boundary's points, or on the validation split.
        public let accuracy: Double
        /// The final loss on the same.
        public let loss: Double
        /// boundary: the first iteration at which the accuracy reached 95%, nil where it never did (and elsewhere).
        public let iterationsTo95: Int?
        /// hidden: whether the hidden layer is live at the last report (`SilentLayerWatch.isSilent` on layers.csv's
        /// active_fraction); nil for the other tasks.
        public let liveHiddenLayer: Bool?
        public let seconds: Double
    }

    /// The table's entry for a policy on a task, over the rows that finished (`count` of `planned`).
    public struct Cell: Sendable, Codable, Equatable {
        public let policy: String
        public let task: Task
        public let count: Int
        public let planned: Int
        public let meanAccuracy: Double?
        /// Sample standard deviation (n − 1), 0 for one row.
        public let accuracySD: Double?
        public let meanLoss: Double?
        /// boundary: how many reached 95%, and their mean iterations to get there (nil where none did).
        public let reached95: Int?
        public let meanIterationsTo95: Double?
        /// hidden: how many seeds end with a live hidden layer.
        public let liveHiddenLayers: Int?
    }

    /// A finished run's rows (none where it did not finish: the table says how many are missing).
    static func recordedRows(of run: Run, in folder: URL) throws -> [Row] {
        guard isFinished(run, in: folder) else { return [] }
        switch run.job {
        case .boundary:
            let summary = try JSONDecoder().decode(BoundaryExperiment.Summary.self, from: try AtomicFile.read(
                RunFolderWriter(folder: folder).url(of: .summary), what: "summary", limit: 16 << 20))
            return [Row(policy: run.policy.name, task: run.task, seed: summary.seed, iterations: summary.iterations,
                        accuracy: summary.accuracy, loss: summary.loss, iterationsTo95: summary.iterationsTo95,
                        liveHiddenLayer: nil, seconds: summary.seconds)]
        case .classification(let configuration):
            return try trialFolders(configuration, in: folder).map { trialFolder in
                let writer = RunFolderWriter(folder: trialFolder)
                let summary = try JSONDecoder().decode(ClassificationExperiment.Summary.self, from: try AtomicFile.read(
                    writer.url(of: .summary), what: "summary", limit: 16 << 20))
                return Row(policy: run.policy.name, task: run.task, seed: summary.seed, iterations: summary.iterations,
                           accuracy: summary.validationAccuracy, loss: summary.validationLoss, iterationsTo95: nil,
                           liveHiddenLayer: configuration.hiddenUnits.isEmpty ? nil : try liveHiddenLayers(in: writer.url(of: .layers)),
                           seconds: summary.seconds)
            }
        }
    }

    /// Whether every hidden layer is live at a run's last report: layers.csv's active_fraction there (the share of
    /// the layer's units active on the minibatch, `HiddenActivity`) is not what `SilentLayerWatch` calls silent.
    static func liveHiddenLayers(in url: URL) throws -> Bool {
        let text = String(decoding: try AtomicFile.read(url, what: "layers", limit: 256 << 20), as: UTF8.self)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first, let iterationColumn = header.firstIndex(of: "iteration"),
              let activeColumn = header.firstIndex(of: "active_fraction") else {
            throw SynapticRLError.invalidData("\(url.path) lacks an iteration or active_fraction column: not written by this build's synrl")
        }
        let rows = lines.dropFirst().filter { $0.count == header.count }
        guard let last = rows.compactMap({ Int($0[iterationColumn]) }).max() else {
            throw SynapticRLError.invalidData("\(url.path) has no report")
        }
        // The output layer's active_fraction is empty: only hidden layers have one.
        let shares = rows.filter { Int($0[iterationColumn]) == last }.compactMap { Double($0[activeColumn]) }
        guard !shares.isEmpty else { throw SynapticRLError.invalidData("\(url.path) has no hidden layer's activity at iteration \(last)") }
        return !shares.contains(where: SilentLayerWatch.isSilent)
    }

    /// Per policy, per task, its cell.
    static func cells(_ settings: Settings, rows: [Row]) -> [Cell] {
        settings.policies.flatMap { policy in
            settings.tasks.map { task -> Cell in
                let mine = rows.filter { $0.policy == policy.name && $0.task == task }
                let accuracies = mine.map(\.accuracy)
                let reached = mine.compactMap(\.iterationsTo95)
                return Cell(policy: policy.name, task: task, count: mine.count,
                            planned: task == .boundary ? settings.boundaries : settings.seeds,
                            meanAccuracy: mean(accuracies), accuracySD: standardDeviation(accuracies), meanLoss: mean(mine.map(\.loss)),
                            reached95: task == .boundary ? reached.count : nil, meanIterationsTo95: mean(reached.map(Double.init)),
                            liveHiddenLayers: task == .hidden ? mine.filter { $0.liveHiddenLayer == true }.count : nil)
            }
        }
    }

    static func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }

    static func standardDeviation(_ values: [Double]) -> Double? {
        guard let m = mean(values) else { return nil }
        guard values.count > 1 else { return 0 }
        return (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }

    /// evaluation.md: one row per policy; per task the columns docs/policy-evaluation.md explains.
    static func markdown(_ cells: [Cell], settings: Settings, dataSet: String?) -> String {
        let seeds = "\(settings.seeds) seed\(settings.seeds == 1 ? "" : "s")"
        var intro = ["Policies applied statically (the table frozen, ε-greedy as in the paper) to held-out tasks; "
            + "docs/policy-evaluation.md explains each column."]
        var header = ["policy"]
        for task in settings.tasks {
            switch task {
            case .boundary:
                intro.append("boundary: the 2-D task on boundaries \(settings.firstBoundary)…\(settings.boundarySeeds.last!), "
                    + "\(settings.boundaryIterations) iterations each; iterations to 95% accuracy, the mean of those that reached it "
                    + "[how many did], and the final accuracy (%, mean).")
                header += ["boundary: iterations to 95% [reached]", "boundary: final accuracy"]
            case .ocr:
                intro.append("ocr: \(dataSet ?? "the data set"), no hidden layer, \(settings.ocrIterations) iterations; final validation "
                    + "accuracy (%, mean ± sd over \(seeds)).")
                header.append("ocr: accuracy")
            case .hidden:
                intro.append("hidden: the same with \(hiddenUnits.map(String.init).joined(separator: ",")) hidden units, "
                    + "\(settings.hiddenIterations) iterations; accuracy as for ocr, and how many seeds end with a live hidden layer.")
                header += ["hidden: accuracy", "hidden: live hidden layer"]
            }
        }
        func partial(_ cell: Cell) -> String { cell.count < cell.planned ? " (\(cell.count) of \(cell.planned) run)" : "" }
        func percent(_ value: Double?) -> String { value.map { String(format: "%.2f", $0 * 100) } ?? "—" }
        var lines = [intro.joined(separator: " "), "", "| " + header.joined(separator: " | ") + " |",
                     "|---|" + String(repeating: "---|", count: header.count - 1)]
        for policy in settings.policies {
            var entries = [policy.name]
            for cell in cells where cell.policy == policy.name {
                switch cell.task {
                case .boundary:
                    let iterations = cell.meanIterationsTo95.map { String(format: "%.0f", $0) } ?? "never"
                    entries += ["\(iterations) [\(cell.reached95 ?? 0)/\(cell.count)]" + partial(cell), percent(cell.meanAccuracy)]
                case .ocr, .hidden:
                    let accuracy = cell.meanAccuracy == nil ? "—" : "\(percent(cell.meanAccuracy)) ± \(percent(cell.accuracySD))"
                    entries.append(accuracy + partial(cell))
                    if cell.task == .hidden { entries.append("\(cell.liveHiddenLayers ?? 0)/\(cell.count)") }
                }
            }
            lines.append("| " + entries.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// evaluation.csv: a line per finished policy × task × boundary or seed.
    static func csv(_ rows: [Row]) -> String {
        var lines = ["policy,task,seed,iterations,accuracy,loss,iterations_to_95,live_hidden_layer,seconds"]
        for row in rows {
            lines.append("\(row.policy),\(row.task.rawValue),\(row.seed),\(row.iterations),"
                + String(format: "%.6f,%.6f,", row.accuracy, row.loss) + (row.iterationsTo95.map(String.init) ?? "") + ","
                + (row.liveHiddenLayer.map { $0 ? "true" : "false" } ?? "") + String(format: ",%.3f", row.seconds))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
