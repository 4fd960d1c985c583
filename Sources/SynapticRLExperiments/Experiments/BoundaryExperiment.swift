import Foundation
import SynapticRL

/// Which table an adaptive run exports: the last one, or the running mean over the run.
public enum PolicyExport: String, Sendable, CaseIterable, Codable {
    case final, average
}

/// One run of the 2-D boundary task: adaptive (learning the table) or static (applying one frozen).
public struct BoundaryExperiment {
    /// Every setting; configuration.json records those that apply (`BoundaryRunRecord`).
    public struct Configuration: Sendable {
        public var seed: UInt64 = 1
        public var iterations = 10_000
        public var settings = SynapticSettings()
        public var shape = BoundaryTask.Shape()
        /// The learner's initial weights are U[−range, range), biases 0. Measured on seeds 1–5 (adaptive,
        /// 10k iterations): range 1 left one seed at 91.9%, range 0.5 put all five at 97.9–99.8%.
        public var learnerWeightRange: Float = 0.5
        /// The rule; nil: the paper's rule with `settings` (`SynapticRule(settings:)`).
        public var rule: SynapticRule?
        /// Where `rule` came from (a rule file's name, path and digest), for configuration.json.
        public var ruleSource: PolicySource?
        /// The table to start from; nil starts adaptive learning from an all-zero table.
        public var initialTable: QTable?
        /// A general rule's table to start from (a `RulePolicyFile`'s), instead of `initialTable`.
        public var initialRuleTable: RuleTable?
        /// Where `initialTable` came from, for configuration.json (`PolicySource.load(from:)` gives both).
        public var policySource: PolicySource?
        public var export = PolicyExport.average
        /// Average the exported table with its − ↔ + mirror image (`QTable.mirrorSymmetrized`).
        public var mirrorSymmetric = true
        public init() {}

        /// Every setting checked, before a run folder is claimed or a point drawn.
        public func validate() throws {
            guard iterations >= 1 && iterations <= 1_000_000_000 else {
                throw SynapticRLError.invalidParameter("iterations must be 1...1000000000, got \(iterations)")
            }
            try settings.validate()
            try effectiveRule.validate(layers: 2)
            try shape.validate()
            // The task's and the learner's forward passes hold every hidden activation of every point.
            try MemoryBudget.require(MemoryBudget.bytes([[4, shape.pointCount, shape.hiddenUnits + 3, 3]]),
                                     for: "a 2-\(shape.hiddenUnits)-1 network on \(shape.pointCount) points", advice: "use fewer points or hidden units")
            guard learnerWeightRange.isFinite && learnerWeightRange >= 0 else {
                throw SynapticRLError.invalidParameter("initial weight range must be finite and non-negative, got \(learnerWeightRange)")
            }
            if let initialTable {
                guard initialTable.historyLength == settings.historyLength else {
                    throw SynapticRLError.invalidPolicy("the policy remembers \(initialTable.historyLength) steps; the run \(settings.historyLength)")
                }
                guard initialTable.values.allSatisfy(\.isFinite) else { throw SynapticRLError.invalidPolicy("the Q-table holds a non-finite value") }
                _ = try RuleTable(space: RuleStateSpace(rule: effectiveRule, layers: 2), paperTable: initialTable)
            }
            if let initialRuleTable, initialRuleTable.space != RuleStateSpace(rule: effectiveRule, layers: 2) {
                throw SynapticRLError.invalidPolicy("the policy's table was made for other states than this rule's")
            }
        }

        /// The rule the run applies.
        public var effectiveRule: SynapticRule { rule ?? SynapticRule(settings: settings) }

        /// The table the run starts from, in the rule's state layout (nil: zeros).
        func startTable() throws -> RuleTable? {
            if let initialRuleTable { return initialRuleTable }
            return try initialTable.map { try RuleTable(space: RuleStateSpace(rule: effectiveRule, layers: 2), paperTable: $0) }
        }
    }

    /// What a caller hears while the run goes on.
    public struct Progress: Sendable {
        public let iteration: Int
        public let iterations: Int
        public let loss: Double
        public let accuracy: Double
        public let seconds: Double
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var task = "boundary"
        public var mode: String
        public var seed: UInt64
        public var iterations: Int
        public var accuracy: Double
        public var maxAccuracy: Double
        /// First iteration at which the accuracy reached 95%, if it did.
        public var iterationsTo95: Int?
        public var loss: Double
        /// The loss and accuracy of the initial weights (metrics.csv's iteration-0 row).
        public var initialLoss: Double
        public var initialAccuracy: Double
        /// The share of the points on the boundary's more common side: the accuracy of answering that side always.
        public var chanceAccuracy: Double
        public var seconds: Double
        public var iterationsPerSecond: Double
        public var export: String?
        public var mirrorSymmetric: Bool?
        /// Whether the run was asked to stop early (SIGINT/SIGTERM); `iterations` then counts those completed.
        public var interrupted = false
    }

    public struct Outcome {
        public let summary: Summary
        /// The table to save: for adaptive runs the one chosen by `export`, for static runs the one applied.
        public let exportedTable: RuleTable
        public let finalTable: RuleTable
        public let network: Network
        /// `exportedTable` as the run folder's policy.json holds it, with the run's provenance.
        public let policy: SavedPolicy
    }

    /// A policy file of the paper's format (the paper's rule) or of a general rule's.
    public enum SavedPolicy: Sendable {
        case paper(PolicyFile)
        case rule(RulePolicyFile)

        public func save(to url: URL) throws {
            switch self {
            case .paper(let file): try file.save(to: url)
            case .rule(let file): try file.save(to: url)
            }
        }
    }

    /// Runs the task; with `output`, writes the run folder: configuration.json, metrics.csv (the initial weights' row
    /// 0, then one row per progress report), weights.bin, summary.json, policy.json (`Outcome.policy`), and grid.csv / points.csv for the
    /// boundary figures. Where `shouldStop` asks, the run ends after that iteration with the same files, its
    /// summary marked interrupted.
    public static func run(
        _ configuration: Configuration, progressEvery: Int = 1000, output: URL? = nil, shouldStop: () -> Bool = { false },
        progress: (Progress) -> Void = { _ in }
    ) throws -> Outcome {
        try configuration.validate()
        let run = try BoundaryRun(configuration, output: output.map(RunFolderWriter.init))
        try run.train(reportEvery: max(progressEvery, 1), shouldStop: shouldStop, progress: progress)
        return try run.finish()
    }
}
