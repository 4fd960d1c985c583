import Foundation
import SynapticRL

/// The configuration file of a classification run folder: the settings that applied to the run's method (a
/// setting of another method, or a Q-learning setting of a static run, is left out rather than written unused),
/// the seed, the engine version, the policy and a fingerprint of the data (path, counts, a hash of the pixels
/// and labels). `RecordedRun` reads back what eval needs.
struct RunRecord: Encodable {
    static let engineVersion = SynapticRL.engineVersion

    let engine = "SynapticRL \(RunRecord.engineVersion)"
    let task = "classification"
    let method: String
    let network: [Int]
    let seed: UInt64
    let iterations: Int
    let initialization: String
    /// Uniform initialisation only.
    let initRange: Float?
    let threads: Int

    // synrl and random: the rule, its minibatches and the table (hillclimb and signsgd: the step and the
    // minibatches; spsa and es: the minibatches).
    let epsilon: Double?
    let step: Float?
    let stepSchedule: String?
    let biasStepMultiplier: Float?
    let adaptive: Bool?
    /// Adaptive runs only: a static run's table does not learn.
    let qLearningRate: Double?
    let discount: Double?
    let historyLength: Int?
    let batchSize: Int?
    let resampleEvery: Int?
    let reevaluateAtSwitch: Bool?
    /// The first-layer path asked for (auto, dense, incremental); the summary says which one ran.
    let firstLayer: String?
    /// Networks trained together; trial k's weights and actions come from seed + k.
    let trials: Int?
    /// The table applied (static) or learned from (adaptive); absent where a rule starts from zeros.
    let policy: PolicySource?
    /// The whole rule the run applied (for a run without --rule, the value its settings are shorthands for).
    let rule: SynapticRule?
    /// Where the rule came from, when a rule file gave it.
    let ruleFile: PolicySource?

    // gd and sgd.
    let learningRate: Float?
    /// The samples per step: the whole training split for full-batch descent.
    let gradientBatchSize: Int?
    // hillclimb, spsa, es and signsgd: their hyper-parameters (all four methods', as one record).
    let peer: PeerSettings?
    // lstsq only.
    let ridge: Double?

    let dataPath: String
    let dataSet: String
    let images: Int
    let countsPerClass: [Int]
    let dataHash: String
    let skippedFiles: [String]
    let split: String
    /// Validated on the data set's own test split; otherwise on a seeded split of its training images with
    /// `validationFraction` held out (seed `seed`), which `RecordedRun.split` re-derives.
    let testSplit: Bool
    let validationFraction: Double?

    /// `trainingCount` is the size of the training split: a minibatch asked larger than it is the whole split, and
    /// the record says what was used.
    init(configuration: ClassificationExperiment.Configuration, data: DataSource.Loaded, sizes: [Int], split: String,
         trainingCount: Int) throws {
        let (settings, method) = (configuration.settings, configuration.method)
        let (synrl, learns) = (method.isSynapticEngine, method.isSynapticEngine && settings.adaptive)
        let minibatches = synrl || [.hillclimb, .spsa, .es, .signsgd].contains(method)
        let steps = synrl || method == .hillclimb || method == .signsgd  // their bias multiplier and schedule
        self.method = method.rawValue
        network = sizes
        seed = configuration.seed
        iterations = configuration.iterations
        initialization = configuration.initialization.rawValue
        initRange = configuration.initialization == .uniform ? configuration.initRange : nil
        threads = settings.threads
        epsilon = synrl ? settings.epsilon : nil
        step = synrl ? settings.step : nil
        stepSchedule = steps ? configuration.schedule.description : nil
        biasStepMultiplier = steps ? settings.biasStepMultiplier : nil
        adaptive = synrl ? settings.adaptive : nil
        qLearningRate = learns ? settings.qLearningRate : nil
        discount = learns ? settings.discount : nil
        historyLength = synrl ? settings.historyLength : nil
        batchSize = minibatches ? min(configuration.batchSize, trainingCount) : nil
        resampleEvery = minibatches ? configuration.resampleEvery : nil
        reevaluateAtSwitch = synrl || method == .hillclimb ? configuration.reevaluateAtSwitch : nil
        firstLayer = synrl ? configuration.firstLayer.rawValue : nil
        trials = synrl ? configuration.trials : nil
        let givenTable = configuration.table != nil || configuration.initialRuleTable != nil
        // A rule whose states the authors' table does not fit, given no table, starts from zeros: no policy.
        policy = synrl && (givenTable || configuration.startsFromAuthorsTable)
            ? try PolicySource.recorded(configuration.policySource, givenTable: givenTable) : nil
        rule = synrl ? configuration.effectiveRule : nil
        ruleFile = synrl ? configuration.ruleSource : nil
        learningRate = method == .gd || method == .sgd ? configuration.learningRate : nil
        gradientBatchSize = method == .gd || method == .sgd
            ? min(configuration.gradientSteppingBatch ?? trainingCount, trainingCount) : nil
        peer = minibatches && !synrl ? configuration.peer : nil
        ridge = method == .lstsq ? configuration.ridge : nil
        dataPath = data.path
        dataSet = data.train.name
        images = data.train.count
        countsPerClass = data.train.countsPerClass
        dataHash = Self.fingerprint(data.train)
        skippedFiles = data.skipped
        self.split = split
        testSplit = configuration.useTestSplit
        validationFraction = configuration.useTestSplit ? nil : configuration.validationFraction
    }

    /// FNV-1a (64-bit) over the labels and pixels (or the Float features' bytes): cheap, and enough to tell two
    /// data sets apart.
    static func fingerprint(_ images: LabeledImages) -> String {
        // The hash is passed along, not captured by a nested function: a captured var is an exclusivity check
        // per byte, which made this a noticeable part of a run's start (≈10⁹ instructions on 7,000 images).
        func mix(_ hash: UInt64, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
            var hash = hash
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
            return hash
        }
        var hash = images.labels.withUnsafeBytes { mix(0xCBF2_9CE4_8422_2325, $0) }
        if let features = images.floatFeatures {
            for value in features { hash = withUnsafeBytes(of: value.bitPattern.littleEndian) { mix(hash, $0) } }
        } else {
            hash = images.pixels.withUnsafeBytes { mix(hash, $0) }
        }
        return String(format: "fnv1a64:%016llx", hash)
    }
}
