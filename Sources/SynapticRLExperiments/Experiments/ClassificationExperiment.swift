import Foundation
import SynapticRL

/// One OCR training run (paper §3, Table 1): synaptic RL with a (by default static) policy, or the
/// full-batch gradient-descent baseline, on a labelled image set split 75/25.
public struct ClassificationExperiment {
    /// What trains the network. synrl is the paper's; the others are its peers at the same network, loss, split and
    /// minibatch schedule (`docs/methods.md`): random (every synapse a uniformly random ternary move), hillclimb
    /// (ternary moves kept only if the minibatch loss fell), spsa, es, signsgd (the sign of the backpropagated
    /// minibatch gradient times the step), sgd (minibatch) and gd (full batch); lstsq is the closed-form linear fit.
    public enum Method: String, Sendable, CaseIterable, Codable {
        case synrl, random, hillclimb, spsa, es, signsgd, sgd, gd, lstsq

        /// Methods that run on the synaptic-RL engine (its trainer, first layer, trials and data-parallel processes).
        public var isSynapticEngine: Bool { self == .synrl || self == .random }
        /// Methods that backpropagate.
        public var usesGradient: Bool { self == .signsgd || self == .sgd || self == .gd }
    }

    /// How the weights start: U(−range, range) with zero biases (the authors'), or orthogonal (QR of a Gaussian).
    public enum Initialization: String, Sendable, CaseIterable, Codable {
        case uniform, orthogonal
    }

    /// Every setting of a run; Codable (for checkpoints) except `table`, which a checkpoint stores as numbers, and
    /// `policySource`.
    public struct Configuration: Sendable, Codable {
        public var method = Method.synrl
        public var hiddenUnits: [Int] = []
        public var iterations = 200_000
        public var seed: UInt64 = 1
        /// The paper's OCR settings: ε = 0.1, step 1e-4.
        public var settings: SynapticSettings = {
            var settings = SynapticSettings()
            settings.epsilon = 0.1
            settings.step = 1e-4
            settings.adaptive = false
            return settings
        }()
        public var schedule = StepSchedule()
        /// The rule; nil: the paper's rule with `settings` and `schedule` (`effectiveRule`). Checkpointed, whatever
        /// the rule (a checkpoint also holds its memory and, whole, `effectiveRule`).
        public var rule: SynapticRule?
        /// Where `rule` came from, for configuration.json.
        public var ruleSource: PolicySource?
        /// A general rule's table to start from (a `RulePolicyFile`'s), instead of `table`; a checkpoint stores it
        /// as numbers, as it does `table`.
        public var initialRuleTable: RuleTable?
        /// The table applied (or, adaptive, learned from); nil: the authors' golden table.
        public var table: QTable?
        /// Where `table` came from, for configuration.json (`PolicySource.load(from:)` gives both); not checkpointed,
        /// as a resumed run keeps the configuration.json it started with.
        public var policySource: PolicySource?
        public var batchSize = 5000
        public var resampleEvery = 5000
        /// Evaluate the old weights on a new minibatch at each switch, so the reward compares like with like.
        public var reevaluateAtSwitch = true
        /// Initial weights U(−range, range), biases 0 (the authors' code: 0.1).
        public var initRange: Float = 0.1
        public var evaluateEvery = 0
        /// Further iterations to score after, beside every `evaluateEvery`-th (`synrl compare`: where each budget
        /// is spent, and log-spaced points for its curves); nil for none.
        public var evaluateAt: [Int]?
        public var validationFraction = 0.25
        /// Validate on the data set's own test split instead of a 75/25 split of its training images.
        public var useTestSplit = false
        public var learningRate: Float = 0.1
        /// gd: nil for full-batch descent (the paper), else minibatch SGD with this batch size; sgd: nil for
        /// `batchSize` (`gradientSteppingBatch`).
        public var gradientBatchSize: Int?
        /// spsa and es: their hyper-parameters (nil in configurations written before they existed: the defaults).
        public var peerSettings: PeerSettings?
        public var peer: PeerSettings {
            get { peerSettings ?? PeerSettings() }
            set { peerSettings = newValue }
        }
        public var initialization = Initialization.uniform
        /// λ of the least-squares baseline.
        public var ridge = 1.0
        /// Time every phase of a synrl run and report it (`PhaseProfile`).
        public var profile = false
        /// synrl: how the first layer is evaluated each iteration (`auto` resolves by CPU and resampling interval).
        public var firstLayer = FirstLayerPath.auto
        /// synrl, incremental first layer: evaluate densely as well and report how often the rewards agree.
        public var checkFirstLayer = false
        /// synrl: independent networks trained together on one minibatch schedule (keyed by `seed`); trial k starts
        /// from the weights of seed + k and draws its actions from seed + k.
        public var trials = 1
        /// Every method but lstsq: write a checkpoint (`Checkpoint.fileName` in the run folder) every this many iterations, 0 for none.
        public var checkpointEvery = 0

        enum CodingKeys: String, CodingKey {
            case method, hiddenUnits, iterations, seed, settings, schedule, batchSize, resampleEvery, reevaluateAtSwitch
            case initRange, evaluateEvery, validationFraction, useTestSplit, learningRate, gradientBatchSize, initialization
            case ridge, profile, firstLayer, checkFirstLayer, trials, checkpointEvery, rule, peerSettings, evaluateAt
        }

        /// The rule the run applies: `rule`, or the paper's rule its settings and step schedule are shorthands for.
        public var effectiveRule: SynapticRule { rule ?? SynapticRule(settings: settings, stepSchedule: schedule) }

        /// Whether the run starts from the authors' table: no table given, and the rule's states are the paper's
        /// (n = m = 2, no local feature, ternary); other rules without a table start from zeros.
        public var startsFromAuthorsTable: Bool {
            let features = effectiveRule.state
            return table == nil && initialRuleTable == nil && features.isHistoryOnly && features.actionHistory == 2
                && effectiveRule.actions == .ternary
        }

        /// The seed of trial k's initial weights and actions.
        public func trialSeed(_ trial: Int) -> UInt64 { seed &+ UInt64(trial) }
        public init() {}

        /// Hidden layer sizes from the CLI's "32", "64,32" or "0" (no hidden layer). A 0 stands alone and no
        /// entry is empty: "0,0" or "5,,5" would otherwise be read as something the user did not write.
        public static func hiddenUnits(parsing text: String) throws -> [Int] {
            let sizes = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard let sizes = sizes as? [Int], !sizes.isEmpty, sizes.allSatisfy({ $0 >= 0 }) else {
                throw SynapticRLError.invalidParameter("--hidden takes comma-separated layer sizes, got '\(text)'")
            }
            if sizes == [0] { return [] }
            guard !sizes.contains(0) else {
                throw SynapticRLError.invalidParameter("--hidden: 0 means no hidden layer and stands alone, got '\(text)'")
            }
            return sizes
        }

        /// Paper defaults by shape: 200k iterations for a linear network, 500k with hidden units.
        public static func defaultIterations(hidden: [Int], method: Method) -> Int {
            switch method {
            case .synrl, .random, .hillclimb, .signsgd: return hidden.isEmpty ? 200_000 : 500_000
            case .spsa: return hidden.isEmpty ? 100_000 : 250_000  // two evaluations a step
            case .es: return hidden.isEmpty ? 4_000 : 10_000  // a population (50) of evaluations a step
            case .gd, .sgd: return hidden.isEmpty ? 3000 : 6000
            case .lstsq: return 1
            }
        }
    }

    public struct Progress: Sendable {
        public let iteration: Int
        public let iterations: Int
        public let loss: Double
        /// The most recent validation accuracy (nil before the first evaluation).
        public let validationAccuracy: Double?
        public let seconds: Double
        /// Whether this report comes with a fresh evaluation (a metrics row), or is a live update between them.
        public let isEvaluation: Bool
    }

    /// Live updates between evaluations come this often (iterations), cheap next to a forward pass.
    static let liveUpdateInterval = 50

    /// What a run returns: per trial its summary and final network (one of each but with `trials`), and, when
    /// asked for, the phase profile.
    public struct Outcome {
        public let summaries: [Summary]
        public let networks: [Network]
        public let profile: String?

        public var summary: Summary { summaries[0] }
        public var network: Network { networks[0] }
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var task = "classification"
        public var dataSet: String
        public var method: String
        public var hidden: [Int]
        public var parameters: Int
        public var seed: UInt64
        public var iterations: Int
        public var trainAccuracy: Double
        public var validationAccuracy: Double
        public var trainLoss: Double
        public var validationLoss: Double
        /// The same four scores for the weights before the first step (metrics.csv's iteration-0 row).
        public var initialTrainAccuracy: Double
        public var initialValidationAccuracy: Double
        public var initialTrainLoss: Double
        public var initialValidationLoss: Double
        /// The accuracy of always answering the class most frequent in the validation set: its share there. A run
        /// below it does worse than ignoring the images (a short run can, when it starts below).
        public var chanceAccuracy: Double
        public var seconds: Double
        public var iterationsPerSecond: Double
        public var split: String
        /// Whether the run was asked to stop early (SIGINT/SIGTERM); `iterations` then counts those completed.
        public var interrupted = false
        /// synrl: the first-layer path the run took (dense or incremental).
        public var firstLayer: FirstLayerPath?
        /// synrl with `checkFirstLayer`: how often the incremental and dense rewards agreed.
        public var rewardAgreement: RewardAgreement?
        /// What training spent (`SampleCost`), and apart the scoring passes of every evaluation; nil in summaries
        /// written before they were counted.
        public var cost: SampleCost?
        public var scoringForwardPasses: Int?
    }

    /// Runs one training; with `output`, writes the run folder (configuration, metrics CSV, policy, weights,
    /// summary), every file atomically. With trials > 1 each trial's files go to `output`/trial-<seed>.
    /// Every iterative method (all but lstsq) with `checkpointEvery` (and where `shouldStop` asks) also writes
    /// `Checkpoint.fileName` there, and `resume` continues from one: pass its configuration (the thread count may
    /// differ) and the same data.
    public static func run(
        _ configuration: Configuration, data: DataSource.Loaded, output: URL? = nil, log: @escaping (String) -> Void = { _ in },
        progress: @escaping (Progress) -> Void = { _ in }, shouldStop: () -> Bool = { false }, resume: Checkpoint? = nil,
        parallel: DataParallel? = nil
    ) throws -> Outcome {
        try run(configuration, data: data, output: output, log: log, progress: progress, shouldStop: shouldStop,
                resuming: resume.map(RunCheckpoint.synapticRL), parallel: parallel)
    }

    /// `run` continuing from a checkpoint of either kind (`RunCheckpoint.load(runFolder:)`), or from none.
    public static func run(
        _ configuration: Configuration, data: DataSource.Loaded, output: URL? = nil, log: @escaping (String) -> Void = { _ in },
        progress: @escaping (Progress) -> Void = { _ in }, shouldStop: () -> Bool = { false }, resume: RunCheckpoint?,
        parallel: DataParallel? = nil
    ) throws -> Outcome {
        try run(configuration, data: data, output: output, log: log, progress: progress, shouldStop: shouldStop,
                resuming: resume, parallel: parallel)
    }

    /// Both public runs; `peerOptimizer` stands in for the method's own peer optimizer (the tests' hook).
    static func run(
        _ configuration: Configuration, data: DataSource.Loaded, output: URL?, log: @escaping (String) -> Void,
        progress: @escaping (Progress) -> Void, shouldStop: () -> Bool, resuming resume: RunCheckpoint?, parallel: DataParallel?,
        peerOptimizer: ((ClassificationRun) throws -> PeerOptimizer)? = nil
    ) throws -> Outcome {
        let configuration = try configuration.resolvingMethod()
        try validate(configuration, data: data, output: output, resume: resume, parallel: parallel)
        let run = try ClassificationRun(configuration, data: data, output: output, resume: resume, parallel: parallel,
                                        log: log, progress: progress)
        switch configuration.method {
        case .synrl, .random: try SynapticRLTraining(run).train(shouldStop: shouldStop)
        case .gd, .sgd: try run.descend(shouldStop: shouldStop)
        case .hillclimb, .spsa, .es, .signsgd:
            if let peerOptimizer {
                try run.trainPeer(optimizer: peerOptimizer(run), shouldStop: shouldStop)
            } else {
                try run.trainPeer(shouldStop: shouldStop)
            }
        case .lstsq: try run.fitLeastSquares()
        }
        return try run.finish()
    }

    /// Every setting that can be wrong, checked before any work.
    static func validate(_ configuration: Configuration, data: DataSource.Loaded, output: URL?, resume: RunCheckpoint?,
                         parallel: DataParallel?) throws {
        try configuration.validate()
        let trainingCount = configuration.useTestSplit ? data.train.count
            : try DataSplit(count: data.train.count, validationFraction: configuration.validationFraction, seed: configuration.seed).training.count
        try MemoryBudget.require(
            configuration.estimatedBytes(inputs: data.train.pixelsPerImage, classes: data.train.classCount, trainingCount: trainingCount),
            for: "this run (\(configuration.trials) × \(([data.train.pixelsPerImage] + configuration.hiddenUnits + [data.train.classCount]).map(String.init).joined(separator: "-")), minibatch \(min(configuration.batchSize, trainingCount)))",
            advice: "use fewer hidden units or trials, or a smaller batch")
        guard configuration.checkpointEvery == 0 || (configuration.method != .lstsq && (output != nil || parallel != nil)) else {
            throw SynapticRLError.invalidParameter("checkpoints are for iterative runs with a run folder")
        }
        guard parallel == nil || configuration.method.isSynapticEngine else {
            throw SynapticRLError.invalidParameter("data-parallel runs are synaptic-RL runs")
        }
        guard parallel == nil || !configuration.effectiveRule.state.presynapticActivity else {  // before any file is made
            throw SynapticRLError.invalidParameter(
                "a rule that reads the presynaptic activity cannot run data-parallel yet: no process holds the whole minibatch")
        }
        switch resume {
        case .synapticRL(let resume):
            guard configuration.method.isSynapticEngine, resume.trials.count == configuration.trials else {
                throw SynapticRLError.invalidParameter("a checkpoint resumes the synrl run it came from")
            }
            guard resume.trials.allSatisfy({ $0.metrics.first?.iteration == 0 }) else {
                throw SynapticRLError.invalidData("the checkpoint holds no iteration-0 metrics row: it was written by an earlier "
                                                  + "build of SynapticRL \(RunRecord.engineVersion); finish the run with that build")
            }
            guard RunRecord.fingerprint(data.train) == resume.dataHash else {
                throw SynapticRLError.invalidData("\(data.path) is not the data this run trained on (its fingerprint differs from the checkpoint's)")
            }
        case .peer(let resume):
            guard configuration.method == resume.configuration.method, configuration.trials == 1, parallel == nil else {
                throw SynapticRLError.invalidParameter("a checkpoint resumes the \(resume.configuration.method.rawValue) run it came from")
            }
            guard RunRecord.fingerprint(data.train) == resume.dataHash else {
                throw SynapticRLError.invalidData("\(data.path) is not the data this run trained on (its fingerprint differs from the checkpoint's)")
            }
            // The fingerprint alone does not bind the saved sizes to the data's: a damaged file could pass it.
            let sizes = [data.train.pixelsPerImage] + configuration.hiddenUnits + [data.train.classCount]
            guard resume.network.sizes == sizes else {
                throw SynapticRLError.invalidData("the checkpoint's network \(resume.network.sizes) does not fit this data's \(sizes)")
            }
        case nil: break
        }
    }

    /// 50 evaluations per run, but never so often that scoring the training and validation sets costs more than
    /// 5% of the run: for synrl an evaluation is (train + validation) / batch forward passes against one per
    /// iteration; for gd an iteration is a forward and backward pass over the training set, ≥ 2 forward passes.
    /// An evaluation also converts every image to Float and reduces the loss in Double, which `--profile`
    /// measured (Fashion-MNIST, 784-10) at 135 ms per evaluation against 2.1 ms per iteration: hence 110 rather
    /// than 20 times the pass ratio, 1320 iterations between evaluations there.
    static func defaultEvaluationInterval(_ configuration: Configuration, trainingCount: Int, validationCount: Int) -> Int {
        let evaluationCost = Double(trainingCount + validationCount)
        let iterationCost = configuration.method.usesGradient
            ? 2 * Double(min(configuration.gradientSteppingBatch ?? trainingCount, trainingCount))
            : Double(max(configuration.trainingCost(afterIterations: 1, trainingCount: trainingCount).forwardPasses
                         - configuration.trainingCost(afterIterations: 0, trainingCount: trainingCount).forwardPasses, 1))
        let cheapest = Int((110 * evaluationCost / iterationCost).rounded(.up))
        return min(max(configuration.iterations / 50, cheapest, 1), configuration.iterations)
    }

    static func splitData(_ data: DataSource.Loaded, configuration: Configuration)
        throws -> (LabeledImages, LabeledImages, String) {
        if configuration.useTestSplit {
            guard let test = data.test else {
                throw SynapticRLError.invalidData("\(data.path) ships no test split (t10k-* files)")
            }
            return (data.train, test, "the data set's own test split")
        }
        let split = try DataSplit(count: data.train.count, validationFraction: configuration.validationFraction,
                                  seed: configuration.seed)
        return (try data.train.subset(split.training), try data.train.subset(split.validation, name: data.train.name + " (validation)"),
                "seeded \(Int(((1 - configuration.validationFraction) * 100).rounded()))/\(Int((configuration.validationFraction * 100).rounded())) split of the training images (seed \(configuration.seed))")
    }
}
