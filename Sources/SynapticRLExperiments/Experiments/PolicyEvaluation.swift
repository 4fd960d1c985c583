import Foundation
import SynapticRL

/// `synrl evaluate-policies`: several Q-tables applied statically (frozen, the paper's ε-greedy rule) to tasks that
/// no policy search draws from, each policy on the same boundaries, seeds, splits and minibatches:
/// - `boundary`: the 2-D task on boundaries `firstBoundary` … `firstBoundary + boundaries − 1` (`synrl evolve`
///   draws its boundaries from seeds ≥ 2^32, so these stay held out), a `BoundaryExperiment` each;
/// - `ocr`: the OCR run of `synrl train` with no flags but the policy (784-10 on Fashion-MNIST by default), its
///   `seeds` seeds stacked as trials of one run;
/// - `hidden`: the same with one hidden layer of 32 units, and whether it is still live at the end.
/// `PolicyEvaluation+Run.swift` runs the plan, `PolicyEvaluation+Table.swift` reads the runs back into the table.
public struct PolicyEvaluation {
    /// A held-out task, as `--tasks` names it.
    public enum Task: String, Sendable, Codable, CaseIterable {
        case boundary, ocr, hidden
    }

    /// The hidden task's network: one layer of 32 units (the paper's 784-32-10).
    public static let hiddenUnits = [32]

    /// One table to evaluate, under the name its run folders and table rows carry.
    public struct Policy: Sendable {
        public let name: String
        public let table: QTable
        /// Where the table came from (its file's path and SHA-256), as every run's configuration.json records it.
        public let source: PolicySource

        /// The name must be fit for a folder name (`isFolderName`).
        public init(name: String, table: QTable, source: PolicySource) throws {
            guard Self.isFolderName(name) else { throw Self.unfitName(name) }
            (self.name, self.table, self.source) = (name, table, source)
        }

        /// The authors' golden table, which every evaluation includes as `authors`.
        public static func authors() throws -> Policy {
            let (file, source) = try PolicySource.authorsGolden()
            return try Policy(name: authorsName, table: file.table, source: source)
        }

        /// The name the authors' table is evaluated under.
        public static let authorsName = "authors"

        /// A `--policy NAME=FILE` argument: the file read in the paper's policy format.
        public static func parse(_ argument: String) throws -> Policy {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex,
                  argument.index(after: equals) != argument.endIndex else {
                throw SynapticRLError.invalidParameter("--policy takes NAME=FILE (e.g. evolved=runs/evolve/best-policy.json), got '\(argument)'")
            }
            let name = String(argument[..<equals])
            guard isFolderName(name) else { throw unfitName(name) }  // said before the file is read
            let path = String(argument[argument.index(after: equals)...])
            let file: PolicyFile
            let source: PolicySource
            do {
                (file, source) = try PolicySource.load(from: URL(fileURLWithPath: path))
            } catch let error as SynapticRLError {
                throw SynapticRLError.invalidPolicy("--policy \(name): \(error.detail)")
            }
            return try Policy(name: name, table: file.table, source: source)
        }

        /// Letters, digits, '.', '_' and '-', 1 to 64 of them, the first a letter or digit: never a path, never
        /// hidden, the same on every file system.
        public static func isFolderName(_ name: String) -> Bool {
            guard (1...64).contains(name.utf8.count), let first = name.unicodeScalars.first, isPlain(first) else { return false }
            return name.unicodeScalars.allSatisfy { isPlain($0) || $0 == "." || $0 == "_" || $0 == "-" }
        }

        private static func unfitName(_ name: String) -> SynapticRLError {
            .invalidParameter("--policy: '\(name)' is not a name fit for a folder: 1 to 64 letters, digits, '.', '_' or '-', "
                + "starting with a letter or digit")
        }

        private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
        }
    }

    /// What an evaluation runs. `Record` (evaluation.json) holds all of it but the tables' numbers, which their
    /// digests stand for; a resumed evaluation must match it.
    public struct Settings: Sendable {
        /// The authors' table first, then the others in the order given; names distinct.
        public var policies: [Policy]
        public var tasks: [Task]
        /// The OCR tasks' seeds: `ocr.seed` … `ocr.seed + seeds − 1`, stacked as trials.
        public var seeds: Int
        public var firstBoundary: UInt64
        public var boundaries: Int
        public var boundaryIterations: Int
        public var ocrIterations: Int
        public var hiddenIterations: Int
        /// The boundary task's points and networks (the paper's: 2000 points, 2-100-1).
        public var boundaryShape = BoundaryTask.Shape()
        /// Every OCR run's settings but the network, iterations, table and trials: `synrl train`'s with no flags.
        public var ocr = ClassificationExperiment.Configuration()
        /// Applied to each OCR run after its network is set (its step schedule depends on the hidden layers).
        public var preset = ClassificationExperiment.Preset.paper
        /// Threads for every run (results do not depend on it).
        public var threads = SynapticSettings().threads

        /// The authors' table and `others`, checked: a name given twice (or `authors` again) is refused.
        public init(others: [Policy], tasks: [Task], seeds: Int, firstBoundary: UInt64, boundaries: Int,
                    boundaryIterations: Int, ocrIterations: Int, hiddenIterations: Int) throws {
            let policies = try [Policy.authors()] + others
            var seen = Set<String>()
            for policy in policies where !seen.insert(policy.name).inserted {
                throw SynapticRLError.invalidParameter(policy.name == Policy.authorsName
                    ? "--policy: the name 'authors' is taken: the authors' table is always evaluated under it"
                    : "--policy: the name '\(policy.name)' is given twice")
            }
            guard !tasks.isEmpty, Set(tasks).count == tasks.count else {
                throw SynapticRLError.invalidParameter("--tasks takes one or more distinct tasks of \(Task.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard (1...100).contains(seeds) else { throw SynapticRLError.invalidParameter("--seeds takes 1...100, got \(seeds)") }
            guard (1...1000).contains(boundaries) else {
                throw SynapticRLError.invalidParameter("--boundaries takes 1...1000, got \(boundaries)")
            }
            guard firstBoundary <= UInt64.max - UInt64(boundaries - 1) else {
                throw SynapticRLError.invalidParameter("--first-boundary \(firstBoundary) with \(boundaries) boundaries passes 2^64 − 1")
            }
            for (flag, iterations) in [("--boundary-iterations", boundaryIterations), ("--ocr-iterations", ocrIterations),
                                       ("--hidden-iterations", hiddenIterations)] where iterations < 1 {
                throw SynapticRLError.invalidParameter("\(flag) must be at least 1, got \(iterations)")
            }
            (self.policies, self.tasks, self.seeds, self.firstBoundary, self.boundaries) = (policies, tasks, seeds, firstBoundary, boundaries)
            (self.boundaryIterations, self.ocrIterations, self.hiddenIterations) = (boundaryIterations, ocrIterations, hiddenIterations)
        }

        /// The boundary seeds, in order.
        public var boundarySeeds: [UInt64] { (0..<UInt64(boundaries)).map { firstBoundary + $0 } }

        /// Whether a task needs the image data set.
        public var needsData: Bool { tasks.contains(.ocr) || tasks.contains(.hidden) }
    }

    /// One run of the plan: a policy on one boundary, or on one OCR task with every seed stacked.
    public struct Run: Sendable {
        /// What the run is: a boundary run or an OCR run, its configuration complete.
        public enum Job: Sendable {
            case boundary(BoundaryExperiment.Configuration)
            case classification(ClassificationExperiment.Configuration)
        }

        public let task: Task
        public let policy: Policy
        public let job: Job

        /// Its folder within runs/<task>/: `<policy>-boundary<seed>` or `<policy>-seeds<first>-<last>`.
        public var folderName: String {
            switch job {
            case .boundary(let configuration): return "\(policy.name)-boundary\(configuration.seed)"
            case .classification(let configuration):
                let last = configuration.trialSeed(configuration.trials - 1)
                return "\(policy.name)-seed\(configuration.seed)" + (configuration.trials > 1 ? "-\(last)" : "")
            }
        }

        /// The run's iterations.
        public var iterations: Int {
            switch job {
            case .boundary(let configuration): return configuration.iterations
            case .classification(let configuration): return configuration.iterations
            }
        }
    }

    /// The runs, task by task, policy by policy (then boundary by boundary), every configuration validated.
    public static func plan(_ settings: Settings) throws -> [Run] {
        var runs: [Run] = []
        for task in settings.tasks {
            for policy in settings.policies {
                switch task {
                case .boundary:
                    for seed in settings.boundarySeeds {
                        var configuration = BoundaryExperiment.Configuration()
                        configuration.seed = seed
                        configuration.iterations = settings.boundaryIterations
                        configuration.shape = settings.boundaryShape
                        configuration.settings.adaptive = false
                        configuration.settings.historyLength = policy.table.historyLength
                        configuration.settings.threads = settings.threads
                        (configuration.initialTable, configuration.policySource) = (policy.table, policy.source)
                        try configuration.validate()
                        runs.append(Run(task: task, policy: policy, job: .boundary(configuration)))
                    }
                case .ocr, .hidden:
                    var configuration = settings.ocr
                    configuration.method = .synrl
                    configuration.hiddenUnits = task == .hidden ? hiddenUnits : []
                    configuration.iterations = task == .hidden ? settings.hiddenIterations : settings.ocrIterations
                    configuration.apply(settings.preset)
                    configuration.settings.adaptive = false
                    configuration.settings.historyLength = policy.table.historyLength
                    configuration.settings.threads = settings.threads
                    (configuration.table, configuration.policySource) = (policy.table, policy.source)
                    configuration.trials = settings.seeds
                    try configuration.validate()
                    runs.append(Run(task: task, policy: policy, job: .classification(configuration)))
                }
            }
        }
        return runs
    }
}
