import Foundation
import SynapticRL

/// A run folder's configuration.json read back: what it takes to score the run's weights on the run's own
/// sets again (`RunFolderEvaluation`): the task, method and shape, the seed and split, the data and the trials.
struct RecordedRun: Decodable {
    /// "classification" or "boundary".
    let task: String
    let method: String
    let network: [Int]
    let seed: UInt64
    let trials: Int?
    let dataPath: String
    let dataSet: String
    let dataHash: String
    let testSplit: Bool
    let validationFraction: Double?

    /// The record in `folder`. A boundary run's is refused by name: its folder holds no data set to score on.
    static func load(runFolder folder: URL) throws -> RecordedRun {
        let url = RunFolderWriter(folder: folder).url(of: .configuration)
        let data = try AtomicFile.read(url, what: "run configuration", limit: 64 << 20)
        let task = try? JSONDecoder().decode(TaskField.self, from: data)
        guard task?.task != "boundary" else {
            throw SynapticRLError.io("\(folder.path) is a synrl boundary run folder (2-D task); eval scores synrl train runs")
        }
        do {
            return try JSONDecoder().decode(RecordedRun.self, from: data)
        } catch DecodingError.keyNotFound(let key, _) {
            throw SynapticRLError.invalidData("\(url.path) records no \(key.stringValue): not a synrl train run's configuration "
                                              + "(or written before SynapticRL recorded it)")
        } catch {
            throw SynapticRLError.invalidData("\(url.path) is not a synrl train run's configuration")
        }
    }

    /// The settings that decide the run's split, as the run had them.
    var splitConfiguration: ClassificationExperiment.Configuration {
        var configuration = ClassificationExperiment.Configuration()
        configuration.seed = seed
        configuration.useTestSplit = testSplit
        if let validationFraction { configuration.validationFraction = validationFraction }
        return configuration
    }

    private struct TaskField: Decodable {
        let task: String?
    }
}
