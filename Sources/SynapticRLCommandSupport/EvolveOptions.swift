import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments

extension PolicySearchSpace.Policy: ExpressibleByArgument {}
extension PolicySearchSpace.Start: ExpressibleByArgument {}

/// The search's settings, shared by synrl evolve and synrl-mpi evolve (`PolicySearch.Configuration`).
public struct EvolveOptions: ParsableArguments {
    @Option(help: "Seed of the search: its samples and every generation's tasks.")
    public var seed: UInt64 = 1
    @Option(help: "Generations (all restarts together).")
    public var generations = PolicySearch.Configuration().generations
    @Option(help: "Candidates per generation (default: CMA-ES's 4 + ⌊3 ln n⌋, 20 for the 243 table values); IPOP restarts double it.")
    public var population: Int?
    @Option(help: "Initial step size σ0 of CMA-ES (the coordinates' scale is about 1).")
    public var sigma = PolicySearch.Configuration().initialSigma
    @Option(help: "IPOP restarts after the first CMA-ES run stops.")
    public var restarts = PolicySearch.Configuration().maximumRestarts
    @Option(name: .customLong("policy-kind"), help: "How the candidates' tables are applied: epsilon-greedy (the paper's; only each state's greedy action matters) or boltzmann (T = 1, every value matters).")
    public var policyKind = PolicySearchSpace.Policy.epsilonGreedy
    @Option(help: "Where the search starts: authors (the authors' table, centred and scaled) or zeros (every greedy map equally likely at first).")
    public var start = PolicySearchSpace.Start.authors
    @Flag(name: .customLong("search-epsilon"), help: "Search ε as well (else 0.25 on boundaries and 0.1 on OCR, the paper's).")
    public var searchesEpsilon = false
    @Flag(name: .customLong("search-step"), help: "Search a factor on each task's step as well (else 1e-3 on boundaries and 1e-4 on OCR).")
    public var searchesStep = false
    @Option(help: "2-D boundary tasks per generation (fresh boundaries, seeds ≥ 2^32, never a held-out one).")
    public var boundaries = SearchTaskDistribution().boundaries
    @Option(name: .customLong("boundary-iterations"), help: "Iterations of each boundary run.")
    public var boundaryIterations = SearchTaskDistribution().boundaryIterations
    @Option(help: "Points of each boundary task.")
    public var points = SearchTaskDistribution().boundaryShape.pointCount
    @Option(name: .customLong("ocr-tasks"), help: "OCR tasks per generation: short static runs on random subsets of --data's test file (all candidates stacked).")
    public var ocrTasks = SearchTaskDistribution().ocrTasks
    @Option(name: .customLong("ocr-images"), help: "Images of each OCR task's subset (its one minibatch).")
    public var ocrImages = SearchTaskDistribution().ocrImages
    @Option(name: .customLong("ocr-iterations"), help: "Iterations of each OCR run.")
    public var ocrIterations = SearchTaskDistribution().ocrIterations
    @Option(name: .customLong("ocr-hidden"), help: "Hidden layer sizes of the OCR networks, comma-separated (default: none, 784-10).")
    public var ocrHidden = ""
    @Option(help: "OCR tasks' data set (as synrl train's --data). Default: Debian's Fashion-MNIST.")
    public var data: String?
    @Option(help: "Threads for the candidates' runs, at most the machine's cores (results do not depend on it).")
    public var threads = 1

    public init() {}

    /// The search these flags describe, checked.
    public func configuration() throws -> PolicySearch.Configuration {
        var configuration = PolicySearch.Configuration()
        configuration.seed = seed
        configuration.generations = generations
        configuration.populationSize = population
        configuration.initialSigma = sigma
        configuration.maximumRestarts = restarts
        configuration.space.policy = policyKind
        configuration.space.start = start
        configuration.space.searchesEpsilon = searchesEpsilon
        configuration.space.searchesStep = searchesStep
        configuration.tasks.boundaries = boundaries
        configuration.tasks.boundaryIterations = boundaryIterations
        configuration.tasks.boundaryShape.pointCount = points
        configuration.tasks.ocrTasks = ocrTasks
        configuration.tasks.ocrImages = ocrImages
        configuration.tasks.ocrIterations = ocrIterations
        configuration.tasks.ocrHidden = try ocrHidden.isEmpty ? [] : ocrHidden.split(separator: ",", omittingEmptySubsequences: false).map { text in
            guard let size = Int(text.trimmingCharacters(in: .whitespaces)), size >= 1 else {
                throw ValidationError("--ocr-hidden takes positive layer sizes, comma-separated, got '\(text)'")
            }
            return size
        }
        configuration.tasks.ocrData = ocrTasks > 0 ? data.map { URL(fileURLWithPath: $0).standardizedFileURL.path } : nil
        configuration.threads = threads
        try configuration.validate()
        return configuration
    }

    /// The data set OCR tasks draw from, loaded (nil without OCR tasks).
    public func loadData() throws -> DataSource.Loaded? {
        ocrTasks > 0 ? try DataSource.load(path: data) : nil
    }

    /// For --resume: the checkpoint's settings must be these flags', but for the generations (which may grow) and
    /// the threads (which change no result); returns the state to continue.
    public static func resumable(_ saved: PolicySearch.State, given: PolicySearch.Configuration) throws -> PolicySearch.State {
        var expected = saved.configuration
        (expected.generations, expected.threads) = (given.generations, given.threads)
        guard expected == given else {
            throw ValidationError("--resume: these flags differ from the search's own (see its configuration.json); give the flags it was started with")
        }
        guard given.generations >= saved.completedGenerations else {
            throw ValidationError("--resume: the search has run \(saved.completedGenerations) generations already, more than --generations \(given.generations)")
        }
        var state = saved
        state.configuration = given
        return state
    }
}
