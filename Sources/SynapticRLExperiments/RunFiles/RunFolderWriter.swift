import Foundation
import SynapticRL

/// What every experiment writes into its run folder (or a trial's folder within it), each file atomically and
/// named once here: the boundary task and classification write through the same calls, the CLI through none.
public struct RunFolderWriter: Sendable {
    /// The files a synrl run may leave in its folder and its trials', reproduction's, comparison's or evaluation's subfolders: the only ones
    /// `--overwrite` removes.
    public enum File: String, CaseIterable, Sendable {
        case configuration = "configuration.json", metrics = "metrics.csv", weights = "weights.bin"
        case summary = "summary.json", policy = "policy.json", startPolicy = "policy-start.json"
        case grid = "grid.csv", points = "points.csv", profile = "profile.txt", trials = "trials.json"
        case checkpoint = "checkpoint.bin", tableOne = "table1.md", tableOneCSV = "table1.csv"
        case visits = "visits.csv", layers = "layers.csv"
        case comparison = "comparison.json", comparisonTable = "comparison.md", comparisonCSV = "comparison.csv"
        case evaluation = "evaluation.json", evaluationTable = "evaluation.md", evaluationCSV = "evaluation.csv"
        case generations = "generations.csv", bestPolicy = "best-policy.json", meanPolicy = "mean-policy.json"
        case searchCheckpoint = "checkpoint.json"

        /// A policy search's policies/generation-NNNN.json (`PolicySearch`).
        static func isGenerationPolicy(_ name: String) -> Bool {
            let digits = name.dropFirst("generation-".count).dropLast(".json".count)
            return name.hasPrefix("generation-") && name.hasSuffix(".json") && !digits.isEmpty
                && digits.allSatisfy { ("0"..."9").contains($0) }
        }
    }

    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    public func url(of file: File) -> URL { folder.appendingPathComponent(file.rawValue) }

    /// Makes the folder (and its parents); the caller has claimed it (`RunFolder`).
    public func createFolder() throws { try AtomicFile.createFolder(folder) }

    public func writeConfiguration(_ record: some Encodable) throws { try AtomicFile.writeJSON(record, to: url(of: .configuration)) }

    /// The run's metrics log, continuing `rows` (a resumed run's).
    public func metricsLog<Row: MetricsRow>(rows: [Row] = []) -> MetricsLog<Row> { MetricsLog(url: url(of: .metrics), rows: rows) }

    /// The final weights and summary: written last, so a folder with a summary holds a finished run.
    public func writeResult(network: Network, summary: some Encodable) throws {
        try WeightsFile.save(network, to: url(of: .weights))
        try AtomicFile.writeJSON(summary, to: url(of: .summary))
    }

    public func writePolicy(_ policy: PolicyFile, as file: File = .policy) throws { try policy.save(to: url(of: file)) }

    public func writeText(_ text: String, to file: File) throws { try AtomicFile.write(Data(text.utf8), to: url(of: file)) }

    public func writeJSON(_ value: some Encodable, to file: File) throws { try AtomicFile.writeJSON(value, to: url(of: file)) }
}
