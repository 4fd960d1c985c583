import Foundation
import SynapticRL

/// `synrl evolve`: a search for the static shared table (and optionally ε and the step) that trains best over a
/// distribution of tasks, by separable CMA-ES with IPOP restarts (`SeparableCMAES`).
///
/// Each generation the search samples its candidates, scores every one on that generation's fresh tasks
/// (`GenerationEvaluation`: the mean normalised loss area, lower is better) and updates. The run folder gets a row of
/// generations.csv, the generation's best table as policies/generation-NNNN.json, the best so far as
/// best-policy.json and, last, checkpoint.json: a search killed at any point resumes from its last checkpoint and
/// writes the very same files as one left alone, on any thread or process count.
public enum PolicySearch {
    /// Every setting of a search; checkpoint.json and configuration.json record it whole.
    public struct Configuration: Sendable, Equatable, Codable {
        public var seed: UInt64 = 1
        /// Generations to run (all restarts together).
        public var generations = 50
        /// Candidates per generation at the first restart (nil: CMA-ES's 4 + ⌊3 ln n⌋, 20 for the 243 values).
        public var populationSize: Int?
        /// The initial step size σ0 of CMA-ES, in the coordinates' unit scale (`PolicySearchSpace`).
        public var initialSigma = 0.5
        /// IPOP restarts after the first run stops (each doubles the population).
        public var maximumRestarts = 4
        public var space = PolicySearchSpace()
        public var tasks = SearchTaskDistribution()
        /// Threads for the candidates' runs; results do not depend on it.
        public var threads = 1

        public init() {}

        public func validate() throws {
            guard (1...100_000).contains(generations) else {
                throw SynapticRLError.invalidParameter("generations must be 1...100000, got \(generations)")
            }
            guard (1...1024).contains(threads) else { throw SynapticRLError.invalidParameter("threads must be 1...1024, got \(threads)") }
            try tasks.validate()
            try cmaesSettings.validate()
            // λ doubles at each restart; each candidate holds `dimension` Doubles twice over (point and step).
            let largest = cmaesSettings.initialPopulationSize << maximumRestarts
            guard largest <= 65_536 else {
                throw SynapticRLError.invalidParameter("a population of \(cmaesSettings.initialPopulationSize) doubled at \(maximumRestarts) restarts is \(largest) candidates a generation; at most 65536")
            }
        }

        /// The CMA-ES settings this search runs with.
        public var cmaesSettings: SeparableCMAES.Settings {
            var settings = SeparableCMAES.Settings(dimension: space.dimension, initialSigma: initialSigma, seed: seed)
            settings.populationSize = populationSize
            settings.maximumRestarts = maximumRestarts
            return settings
        }
    }

    /// One line of generations.csv.
    public struct GenerationRow: Sendable, Equatable, Codable {
        public var generation: Int
        /// Candidate evaluations so far (each on every task of its generation; the authors' reference not counted).
        public var evaluations: Int
        public var population: Int
        /// Which CMA-ES run (0: the first; IPOP restarts count up).
        public var restart: Int
        public var bestFitness: Double
        public var meanFitness: Double
        public var worstFitness: Double
        /// The best fitness of any generation so far (each measured on its own generation's tasks).
        public var bestEverFitness: Double
        /// The authors' table's fitness on this generation's tasks: the yardstick the generation's tasks set.
        public var authorsFitness: Double
        /// The σ the generation was sampled with.
        public var sigma: Double
        /// Wall-clock seconds of the search so far, resumed runs included.
        public var seconds: Double

        /// Candidate runs (each on every task of its generation) per second so far, the authors' reference (one
        /// per generation) included: the evaluation cost.
        public var candidateEvaluationsPerSecond: Double {
            seconds > 0 ? Double(evaluations + generation) / seconds : 0
        }

        static let header = "generation,evaluations,population,restart,best_fitness,mean_fitness,worst_fitness,best_ever_fitness,authors_fitness,sigma,seconds"

        var csvLine: String {
            [String(generation), String(evaluations), String(population), String(restart), "\(bestFitness)", "\(meanFitness)",
             "\(worstFitness)", "\(bestEverFitness)", "\(authorsFitness)", "\(sigma)", String(format: "%.3f", seconds)].joined(separator: ",")
        }
    }

    /// What a caller hears after every generation.
    public struct Progress: Sendable {
        public let row: GenerationRow
        public let generations: Int
    }

    /// The state after the last completed generation: what checkpoint.json holds.
    public struct State: Sendable, Equatable, Codable {
        public var configuration: Configuration
        public var optimizer: SeparableCMAES
        public var rows: [GenerationRow] = []
        public var completedGenerations: Int { rows.count }

        /// The best candidate so far (CMA-ES's best ever told) and the generation that found it.
        public var best: (point: [Double], fitness: Double, generation: Int)? {
            guard let best = optimizer.best, let row = rows.first(where: { $0.evaluations >= best.evaluations }) else { return nil }
            return (best.point, best.fitness, row.generation)
        }
    }

    /// The settings checked and a fresh state: the search's mean at `configuration.space.start`.
    public static func start(_ configuration: Configuration) throws -> State {
        try configuration.validate()
        let optimizer = try SeparableCMAES(settings: configuration.cmaesSettings, mean: configuration.space.initialMean())
        return State(configuration: configuration, optimizer: optimizer)
    }
}
