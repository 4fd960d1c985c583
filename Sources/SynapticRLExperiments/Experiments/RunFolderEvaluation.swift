import Foundation
import SynapticRL

/// What `synrl eval` reports: a classification run folder's final weights scored on the run's own sets, re-derived
/// from its configuration.json: the seeded split of the training images into the training and validation halves
/// the run used, or, for a `--test-split` run, the training images and the data set's test split. For a finished
/// run the figures are its summary.json's.
public struct RunFolderEvaluation {
    /// One set scored.
    public struct Score {
        /// "training half" and "validation half", or "training set" and "test split".
        public let set: String
        public let images: Int
        public let evaluation: Evaluation
    }

    /// One weights file and its scores, training set first.
    public struct Weights {
        /// The folder holding weights.bin: the run folder, or one of its trial-<seed> folders.
        public let folder: URL
        /// The trial's seed in a run of several trials (`--trials`); nil for a single one.
        public let trialSeed: UInt64?
        public let scores: [Score]
    }

    public let runFolder: URL
    public let method: String
    public let network: [Int]
    /// The data set scored on: the run's recorded path, or the one the caller gave instead.
    public let dataPath: String
    public let dataSet: String
    public let dataOverridden: Bool
    /// Whether that data's fingerprint is the one the run recorded.
    public let isRunData: Bool
    /// How the sets were derived, in the run's words ("seeded 75/25 split of the training images (seed 1)").
    public let split: String
    public let weights: [Weights]

    /// Scores the weights in `runFolder` (a run folder, or a trial-<seed> folder within one). `dataPath` stands in
    /// for the path the run recorded (data that moved); without it, data whose fingerprint changed is refused.
    public static func score(runFolder: URL, dataPath: String? = nil) throws -> RunFolderEvaluation {
        let (recordFolder, trialFolders) = try locate(runFolder)
        let record = try RecordedRun.load(runFolder: recordFolder)
        let loaded = try DataSource.load(path: dataPath ?? record.dataPath)
        let isRunData = RunRecord.fingerprint(loaded.train) == record.dataHash
        guard isRunData || dataPath != nil else {
            throw SynapticRLError.invalidData("\(loaded.path) is not the data this run trained on (its fingerprint differs from "
                                              + "configuration.json's): pass --data with the run's data")
        }
        let (training, validation, split) = try ClassificationExperiment.splitData(loaded, configuration: record.splitConfiguration)
        let names = record.testSplit ? ["training set", "test split"] : ["training half", "validation half"]
        let trials = trialFolders ?? Self.trialFolders(of: recordFolder, record)
        let weights = try trials.map { folder, seed in
            let network = try WeightsFile.load(from: RunFolderWriter(folder: folder).url(of: .weights))
            let scores = try zip(names, [training, validation]).map { name, images in
                Score(set: name, images: images.count, evaluation: try Evaluation.score(network, on: images))
            }
            return Weights(folder: folder, trialSeed: seed, scores: scores)
        }
        return RunFolderEvaluation(runFolder: recordFolder, method: record.method, network: record.network,
                                   dataPath: loaded.path, dataSet: loaded.train.name, dataOverridden: dataPath != nil,
                                   isRunData: isRunData, split: split, weights: weights)
    }

    /// The report: what was scored on which data, then one line per set, each naming the set (and the trial).
    public var lines: [String] {
        let data = !dataOverridden ? "the run's data \(dataPath)"
            : isRunData ? "\(dataPath) (given instead of the run's recorded path; the same data by fingerprint)"
            : "\(dataPath) (given instead of the run's data, which it is not: its fingerprint differs, so the sets are "
                + "this data split as the run split its own)"
        var lines = ["\(runFolder.path): \(method), network \(network.map(String.init).joined(separator: "-")); scored on "
                     + "\(data); \(split)"]
        for trial in weights {
            for score in trial.scores {
                lines.append((trial.trialSeed.map { "trial-\($0) " } ?? "")
                             + String(format: "%@ (%d images of %@): accuracy %.2f%%, loss %.4f", score.set, score.images,
                                      dataSet, score.evaluation.accuracy * 100, score.evaluation.loss))
            }
        }
        return lines
    }

    /// The folder whose configuration.json applies, and, for a trial's folder, that trial alone.
    private static func locate(_ folder: URL) throws -> (URL, [(URL, UInt64?)]?) {
        func hasRecord(_ folder: URL) -> Bool {
            FileManager.default.fileExists(atPath: RunFolderWriter(folder: folder).url(of: .configuration).path)
        }
        if hasRecord(folder) { return (folder, nil) }
        let name = folder.standardizedFileURL.lastPathComponent
        let parent = folder.standardizedFileURL.deletingLastPathComponent()
        if name.hasPrefix("trial-"), let seed = UInt64(name.dropFirst("trial-".count)), hasRecord(parent) {
            return (parent, [(folder, seed)])
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw SynapticRLError.io("\(folder.path) is not a run folder (no such folder)")
        }
        throw SynapticRLError.io("\(folder.path) holds no configuration.json: not a synrl train run folder")
    }

    /// A single run's folder, or each trial's folder of a run of several.
    private static func trialFolders(of folder: URL, _ record: RecordedRun) -> [(URL, UInt64?)] {
        let trials = record.trials ?? 1
        guard trials > 1 else { return [(folder, nil)] }
        return (0..<trials).map { trial in
            let seed = record.seed &+ UInt64(trial)
            return (folder.appendingPathComponent("trial-\(seed)"), seed)
        }
    }
}
