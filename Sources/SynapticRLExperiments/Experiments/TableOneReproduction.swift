import Foundation
import SynapticRL

/// The paper's Table 1: {synaptic RL, gradient descent} × {0, 32} hidden units × K trials, plus a
/// least-squares row, on one data set, as Markdown and CSV beside the paper's own figures.
public struct TableOneReproduction {
    public struct Row: Sendable, Codable, Equatable {
        public let experiment: String
        public let method: String
        public let hidden: Int
        public let validationAccuracies: [Double]
        public let seconds: [Double]
        public let parameters: Int
        public let seeds: [UInt64]

        public var minimum: Double { validationAccuracies.min() ?? .nan }
        public var maximum: Double { validationAccuracies.max() ?? .nan }
        public var mean: Double { validationAccuracies.reduce(0, +) / Double(max(validationAccuracies.count, 1)) }
        /// Sample standard deviation (n − 1), 0 for a single trial.
        public var standardDeviation: Double {
            guard validationAccuracies.count > 1 else { return 0 }
            let m = mean
            return (validationAccuracies.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(validationAccuracies.count - 1)).squareRoot()
        }
        public var meanSeconds: Double { seconds.reduce(0, +) / Double(max(seconds.count, 1)) }
    }

    /// The paper's Table 1 (notMNIST): min, max, mean, stdev of validation accuracy (%), runtime, parameters.
    public static let paper: [String: (Double, Double, Double, Double, String, Int)] = [
        "Syn. RL 32 HU": (87.88, 89.12, 88.45, 0.60, "5.5 h", 25_450),
        "Grad. Desc. 32 HU": (88.57, 90.00, 89.56, 0.52, "20 min", 25_450),
        "Syn. RL 0 HU": (87.65, 88.84, 88.28, 0.41, "1.5 h", 7850),
        "Grad. Desc. 0 HU": (86.11, 86.73, 86.42, 0.22, "5 min", 7850),
    ]

    /// Iterations and schedule points (step halving, minibatch redraws) shrink by `scale`, at least 1 each.
    /// Trial k of each experiment uses seed + k; a base seed whose last trial would pass 2^64 − 1 is refused.
    public static func configurations(trials: Int, scale: Double, base: ClassificationExperiment.Configuration) throws
        -> [(experiment: String, configuration: ClassificationExperiment.Configuration)] {
        guard trials >= 1, base.seed <= UInt64.max - UInt64(trials - 1) else {
            throw SynapticRLError.invalidParameter("seed \(base.seed) with \(trials) trials passes 2^64 − 1 (trial k uses seed + k): "
                + "use a seed at most \(UInt64.max - UInt64(max(trials, 1) - 1))")
        }
        func scaled(_ value: Int) -> Int { max(1, Int((Double(value) * scale).rounded())) }
        var runs: [(String, ClassificationExperiment.Configuration)] = []
        for (method, label) in [(ClassificationExperiment.Method.synrl, "Syn. RL"), (.gd, "Grad. Desc.")] {
            for hidden in [32, 0] {
                for trial in 0..<trials {
                    var configuration = base
                    configuration.method = method
                    configuration.hiddenUnits = hidden == 0 ? [] : [hidden]
                    configuration.seed = base.seed + UInt64(trial)
                    configuration.iterations = scaled(ClassificationExperiment.Configuration.defaultIterations(
                        hidden: configuration.hiddenUnits, method: method))
                    configuration.resampleEvery = scaled(base.resampleEvery)
                    configuration.schedule = StepSchedule.paper(hiddenLayers: configuration.hiddenUnits.count).scaled(by: scale)
                    runs.append(("\(label) \(hidden) HU", configuration))
                }
            }
        }
        var leastSquares = base
        leastSquares.method = .lstsq
        leastSquares.hiddenUnits = []
        runs.append(("Least squares 0 HU", leastSquares))
        return runs
    }

    public static func rows(from results: [(experiment: String, summary: ClassificationExperiment.Summary)]) -> [Row] {
        var order: [String] = []
        var grouped: [String: [ClassificationExperiment.Summary]] = [:]
        for (experiment, summary) in results {
            if grouped[experiment] == nil { order.append(experiment) }
            grouped[experiment, default: []].append(summary)
        }
        return order.map { experiment in
            let runs = grouped[experiment]!
            return Row(experiment: experiment, method: runs[0].method, hidden: runs[0].hidden.first ?? 0,
                       validationAccuracies: runs.map(\.validationAccuracy), seconds: runs.map(\.seconds),
                       parameters: runs[0].parameters, seeds: runs.map(\.seed))
        }
    }

    public static func markdown(_ rows: [Row], dataSet: String, scale: Double) -> String {
        func percent(_ value: Double) -> String { String(format: "%.2f%%", value * 100) }
        func runtime(_ seconds: Double) -> String {
            seconds >= 3600 ? String(format: "%.1f h", seconds / 3600)
                : seconds >= 60 ? String(format: "%.1f min", seconds / 60) : String(format: "%.1f s", seconds)
        }
        var lines = ["Validation accuracy on \(dataSet) (iterations × \(scale)); the paper's notMNIST figures in the last columns.", "",
                     "| Experiment | Trials | Min | Max | Mean | Stdev | Runtime per run | Params | Paper min / max / mean / stdev | Paper runtime |",
                     "|---|---|---|---|---|---|---|---|---|---|"]
        for row in rows {
            let paper = Self.paper[row.experiment].map {
                (String(format: "%.2f / %.2f / %.2f / %.2f %%", $0.0, $0.1, $0.2, $0.3), $0.4)
            } ?? ("—", "—")
            lines.append("| \(row.experiment) | \(row.validationAccuracies.count) | \(percent(row.minimum)) | \(percent(row.maximum)) | "
                + "\(percent(row.mean)) | \(percent(row.standardDeviation)) | \(runtime(row.meanSeconds)) | \(row.parameters) | "
                + "\(paper.0) | \(paper.1) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func csv(_ rows: [Row]) -> String {
        (["experiment,method,hidden,trials,min,max,mean,stdev,mean_seconds,parameters,seeds"] + rows.map { row in
            "\(row.experiment),\(row.method),\(row.hidden),\(row.validationAccuracies.count),"
                + String(format: "%.6f,%.6f,%.6f,%.6f,%.3f,", row.minimum, row.maximum, row.mean, row.standardDeviation, row.meanSeconds)
                + "\(row.parameters)," + row.seeds.map(String.init).joined(separator: " ")
        }).joined(separator: "\n") + "\n"
    }
}
