import Foundation
import SynapticRL

/// The configuration file of a run folder: every setting, the seed, the engine version and a fingerprint
/// of the data (path, counts, a hash of the pixels and labels).
struct RunRecord: Encodable {
    static let engineVersion = SynapticRL.engineVersion

    let engine = "SynapticRL \(RunRecord.engineVersion)"
    let method: String
    let network: [Int]
    let seed: UInt64
    let iterations: Int
    let epsilon: Double
    let step: Float
    let stepSchedule: String
    let biasStepMultiplier: Float
    let adaptive: Bool
    let qLearningRate: Double
    let discount: Double
    let historyLength: Int
    let batchSize: Int
    let resampleEvery: Int
    let reevaluateAtSwitch: Bool
    let initRange: Float
    let learningRate: Float
    let gradientBatchSize: Int?
    let initialization: String
    let ridge: Double
    let threads: Int
    /// synrl: the first-layer path asked for (auto, dense, incremental); the summary says which one ran.
    let firstLayer: String?
    /// synrl: networks trained together; trial k's weights and actions come from seed + k.
    let trials: Int
    let dataPath: String
    let dataSet: String
    let images: Int
    let countsPerClass: [Int]
    let dataHash: String
    let skippedFiles: [String]
    let split: String

    /// `trainingCount` is the size of the training split: a minibatch asked larger than it is the whole split, and
    /// the record says what was used.
    init(configuration: ClassificationExperiment.Configuration, data: DataSource.Loaded, sizes: [Int], split: String, trainingCount: Int) {
        let settings = configuration.settings
        method = configuration.method.rawValue
        network = sizes
        seed = configuration.seed
        iterations = configuration.iterations
        epsilon = settings.epsilon
        step = settings.step
        stepSchedule = configuration.schedule.description
        biasStepMultiplier = settings.biasStepMultiplier
        adaptive = settings.adaptive
        qLearningRate = settings.qLearningRate
        discount = settings.discount
        historyLength = settings.historyLength
        batchSize = min(configuration.batchSize, trainingCount)
        resampleEvery = configuration.resampleEvery
        reevaluateAtSwitch = configuration.reevaluateAtSwitch
        initRange = configuration.initRange
        learningRate = configuration.learningRate
        gradientBatchSize = configuration.gradientBatchSize.map { min($0, trainingCount) }
        initialization = configuration.initialization.rawValue
        ridge = configuration.ridge
        threads = settings.threads
        firstLayer = configuration.method == .synrl ? configuration.firstLayer.rawValue : nil
        trials = configuration.trials
        dataPath = data.path
        dataSet = data.train.name
        images = data.train.count
        countsPerClass = data.train.countsPerClass
        dataHash = Self.fingerprint(data.train)
        skippedFiles = data.skipped
        self.split = split
    }

    /// FNV-1a (64-bit) over the labels and pixels (or the Float features' bytes): cheap, and enough to tell two
    /// data sets apart.
    static func fingerprint(_ images: LabeledImages) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        for byte in images.labels { mix(byte) }
        if let features = images.floatFeatures {
            for value in features { withUnsafeBytes(of: value.bitPattern.littleEndian) { $0.forEach(mix) } }
        } else {
            images.pixels.withUnsafeBufferPointer { $0.forEach(mix) }
        }
        return String(format: "fnv1a64:%016llx", hash)
    }
}
