import Foundation
import SynapticRL

extension MethodComparison {
    /// One scored row of a run's metrics.csv, as the comparison reads it back.
    struct RecordedRow: Sendable {
        let iteration: Int
        let forwardEquivalents: Int
        let validationAccuracy: Double
        let validationLoss: Double
        let seconds: Double
    }

    /// One cell of the table: a method at a budget (nil: the best seen at any evaluation up to the largest), per
    /// seed whose run got there the validation accuracy, the forward-equivalents actually spent and the seconds.
    public struct Cell: Sendable, Codable, Equatable {
        public let method: String
        public let budget: Int?
        public let accuracies: [Double]
        public let spent: [Int]
        public let seconds: [Double]

        public var mean: Double { accuracies.reduce(0, +) / Double(max(accuracies.count, 1)) }
        /// Sample standard deviation (n − 1), 0 for one seed.
        public var standardDeviation: Double {
            guard accuracies.count > 1 else { return 0 }
            let m = mean
            return (accuracies.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(accuracies.count - 1)).squareRoot()
        }
    }

    /// A run folder's metrics rows (none where the run never started).
    static func recordedRows(in folder: URL) throws -> [RecordedRow] {
        let url = RunFolderWriter(folder: folder).url(of: .metrics)
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let text = String(decoding: try AtomicFile.read(url, what: "metrics", limit: 256 << 20), as: UTF8.self)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        let names = ["iteration", "forward_equivalents", "validation_accuracy", "validation_loss", "elapsed_seconds"]
        let columns = names.compactMap { header.firstIndex(of: $0) }
        guard columns.count == names.count else {
            throw SynapticRLError.invalidData("\(url.path) lacks a column of \(names.joined(separator: ", ")): not written by this build's synrl")
        }
        return try lines.dropFirst().map { fields in
            guard fields.count == header.count, let iteration = Int(fields[columns[0]]), let spent = Int(fields[columns[1]]),
                  let accuracy = Double(fields[columns[2]]), let loss = Double(fields[columns[3]]), let seconds = Double(fields[columns[4]]) else {
                throw SynapticRLError.invalidData("\(url.path) holds a row that is not a synrl metrics row")
            }
            return RecordedRow(iteration: iteration, forwardEquivalents: spent, validationAccuracy: accuracy, validationLoss: loss,
                               seconds: seconds)
        }
    }

    /// The table's cells, method by method: one per budget, then the best seen.
    static func cells(_ settings: Settings, results: [(Run, [RecordedRow])]) -> [Cell] {
        settings.methods.flatMap { method -> [Cell] in
            let runs = results.filter { $0.0.method == method }
            let atBudgets = settings.budgets.indices.map { index -> Cell in
                let rows = runs.compactMap { run, rows in rows.first { $0.iteration == run.budgetIterations[index] } }
                return Cell(method: method.rawValue, budget: settings.budgets[index], accuracies: rows.map(\.validationAccuracy),
                            spent: rows.map(\.forwardEquivalents), seconds: rows.map(\.seconds))
            }
            // The best of a finished run only: an unfinished one has not seen all it will.
            let best = runs.compactMap { run, rows -> RecordedRow? in
                guard rows.last?.iteration == run.configuration.iterations else { return nil }
                return rows.max { $0.validationAccuracy < $1.validationAccuracy }
            }
            return atBudgets + [Cell(method: method.rawValue, budget: nil, accuracies: best.map(\.validationAccuracy),
                                     spent: best.map(\.forwardEquivalents), seconds: best.map(\.seconds))]
        }
    }

    static func markdown(_ cells: [Cell], settings: Settings, dataSet: String, network: [Int]) -> String {
        func entry(_ cell: Cell) -> String {
            guard !cell.accuracies.isEmpty else { return "—" }
            let spent = Double(cell.spent.reduce(0, +)) / Double(cell.spent.count)
            let partial = cell.accuracies.count < settings.seeds ? " [\(cell.accuracies.count)/\(settings.seeds)]" : ""
            return String(format: "%.2f ± %.2f (%@)", cell.mean * 100, cell.standardDeviation * 100, scientific(Int(spent.rounded()))) + partial
        }
        let budgets = settings.budgets.map(scientific)
        var lines = [
            "Validation accuracy (%, mean ± sd over \(settings.seeds) seed\(settings.seeds == 1 ? "" : "s")) on \(dataSet), "
                + "\(network.map(String.init).joined(separator: "-")), at equal budgets of forward-equivalents (sample forward "
                + "passes, a backward pass counting as two; scoring not charged), the budgets × \(settings.scale); in brackets what "
                + "each method spent there (mean). Best seen: the highest validation accuracy at any evaluation up to the largest "
                + "budget, and where. Every method: seed k's split, initial weights and minibatches; its default hyper-parameters.",
            "",
            "| method | " + budgets.joined(separator: " | ") + " | best seen | seconds to the largest budget |",
            "|---|" + String(repeating: "---|", count: budgets.count + 2),
        ]
        for method in settings.methods {
            let row = cells.filter { $0.method == method.rawValue }
            let seconds = row[settings.budgets.count - 1].seconds
            let time = seconds.isEmpty ? "—" : String(format: "%.1f", seconds.reduce(0, +) / Double(seconds.count))
            lines.append("| \(method.rawValue) | " + row.map(entry).joined(separator: " | ") + " | \(time) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every scored row of every run, the budget it stands for where it is one.
    static func csv(_ results: [(Run, [RecordedRow])], budgets: [Int]) -> String {
        var lines = ["method,seed,iteration,forward_equivalents,budget,validation_accuracy,validation_loss,elapsed_seconds"]
        for (run, rows) in results {
            for row in rows {
                let budget = run.budgetIterations.firstIndex(of: row.iteration).map { String(budgets[$0]) }
                lines.append("\(run.method.rawValue),\(run.seed),\(row.iteration),\(row.forwardEquivalents),\(budget ?? ""),"
                             + String(format: "%.6f,%.6f,%.3f", row.validationAccuracy, row.validationLoss, row.seconds))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
