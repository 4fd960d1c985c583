import Dispatch
import Foundation
import SynapticRL

extension PolicySearch {
    /// How a search is shared out between processes (`synrl-mpi evolve`): `rank` of `size` runs its share of each
    /// generation's jobs; `sum` adds an array over every process (an allreduce), identity alone.
    public struct ProcessShare {
        public var rank: Int
        public var size: Int
        public var sum: ([Double]) -> [Double]

        public init(rank: Int, size: Int, sum: @escaping ([Double]) -> [Double]) {
            precondition(size >= 1 && (0..<size).contains(rank), "rank \(rank) of \(size)")
            (self.rank, self.size, self.sum) = (rank, size, sum)
        }

        /// A search in one process.
        public static let alone = ProcessShare(rank: 0, size: 1, sum: { $0 })

        /// The process that writes the run folder.
        public var isLead: Bool { rank == 0 }
    }

    /// The files of a search's run folder.
    public enum FileName {
        public static let configuration = RunFolderWriter.File.configuration.rawValue
        public static let generations = RunFolderWriter.File.generations.rawValue
        public static let best = RunFolderWriter.File.bestPolicy.rawValue
        public static let mean = RunFolderWriter.File.meanPolicy.rawValue
        /// The folder of each generation's best, generation-NNNN.json.
        public static let policies = "policies"
        public static let summary = RunFolderWriter.File.summary.rawValue
    }

    /// What summary.json holds at the end of a search.
    public struct Summary: Sendable, Equatable, Codable {
        public var seed: UInt64
        public var generations: Int
        public var evaluations: Int
        public var restarts: Int
        public var bestFitness: Double
        public var bestGeneration: Int
        /// Generation 1's best fitness, to set the search's gain against.
        public var firstGenerationBestFitness: Double
        /// The last generation's best and mean fitness, and the authors' table's on the same tasks.
        public var lastBestFitness: Double
        public var lastMeanFitness: Double
        public var lastAuthorsFitness: Double
        public var seconds: Double
        /// Candidate runs (each on every task of its generation) per second, the authors' reference included.
        public var candidateEvaluationsPerSecond: Double
        /// Whether the search was asked to stop early; `generations` then counts those completed.
        public var interrupted: Bool
        /// Whether CMA-ES stopped for good (its last restart converged) before the generations were used.
        public var converged: Bool
    }

    /// Runs the generations `state` has left (all of them for a fresh state), writing `folder` on the lead process
    /// (nil: no files). `data` holds the OCR tasks' images (needed only with OCR tasks). After each generation
    /// `shouldStop` is asked (every process agrees on it); a stopped search has its checkpoint and can be resumed.
    public static func run(_ state: State, data: DataSource.Loaded?, folder: URL?, share: ProcessShare = .alone,
                           shouldStop: () -> Bool = { false }, progress: (Progress) -> Void = { _ in }) throws -> (state: State, summary: Summary) {
        var state = state
        let configuration = state.configuration
        try configuration.validate()
        let pool = try configuration.tasks.ocrTasks == 0 ? nil : GenerationEvaluation.ocrPool(of: requireData(data)).images
        let evaluation = GenerationEvaluation(tasks: configuration.tasks, space: configuration.space, threads: configuration.threads,
                                              share: share, ocrPool: pool)
        let writer = share.isLead ? folder : nil
        let reference = try PolicySearchCandidate.authors()
        if let writer, state.rows.isEmpty { try writeStart(configuration, data: data, in: writer) }
        if let writer {
            try AtomicFile.createFolder(writer.appendingPathComponent(FileName.policies))
            try rewriteGenerations(state.rows, in: writer)  // a killed run may have written a row past its checkpoint
        }
        let startSeconds = state.rows.last?.seconds ?? 0
        let clock = DispatchTime.now().uptimeNanoseconds
        var interrupted = false
        while state.completedGenerations < configuration.generations && !state.optimizer.isFinished {
            let generation = state.completedGenerations + 1
            let points = state.optimizer.candidates()
            let sigma = state.optimizer.sigma
            let (population, restart) = (state.optimizer.populationSize, state.optimizer.restarts)
            let scored = try evaluation.evaluate(points.map(configuration.space.decode) + [reference], generation: generation,
                                                 searchSeed: configuration.seed).fitness
            let fitness = Array(scored.dropLast())
            try state.optimizer.tell(fitness: fitness)
            let leader = fitness.indices.min { fitness[$0] < fitness[$1] || (fitness[$0] == fitness[$1] && $0 < $1) }!
            let seconds = startSeconds + Double(DispatchTime.now().uptimeNanoseconds - clock) * 1e-9
            let row = GenerationRow(generation: generation, evaluations: (state.rows.last?.evaluations ?? 0) + points.count,
                                    population: population, restart: restart, bestFitness: fitness[leader],
                                    meanFitness: fitness.reduce(0, +) / Double(fitness.count), worstFitness: fitness.max()!,
                                    bestEverFitness: state.optimizer.best?.fitness ?? .nan, authorsFitness: scored.last!,
                                    sigma: sigma, seconds: seconds)
            state.rows.append(row)
            if let writer {
                let policy = try policyFile(points[leader], fitness: fitness[leader], generation: generation, state: state)
                try policy.save(to: writer.appendingPathComponent(FileName.policies).appendingPathComponent(policyName(generation)))
                try bestPolicy(of: state).save(to: writer.appendingPathComponent(FileName.best))
                try meanPolicy(of: state).save(to: writer.appendingPathComponent(FileName.mean))
                try rewriteGenerations(state.rows, in: writer)
                try PolicySearchCheckpoint.save(state, in: writer)
            }
            progress(Progress(row: row, generations: configuration.generations))
            FaultInjection.killIfDue(afterIteration: generation)
            let asked = shouldStop() ? 1.0 : 0.0
            if state.completedGenerations < configuration.generations && share.sum([asked])[0] > 0 {
                interrupted = true
                break
            }
        }
        let summary = try finish(state, interrupted: interrupted, in: writer)
        return (state, summary)
    }

    /// Why OCR tasks drawn from `data` might overlap held-out runs on it (nil: they draw from its test file).
    public static func ocrDataWarning(_ data: DataSource.Loaded) -> String? { GenerationEvaluation.ocrPool(of: data).warning }

    private static func requireData(_ data: DataSource.Loaded?) throws -> DataSource.Loaded {
        guard let data else { throw SynapticRLError.invalidParameter("a search with OCR tasks needs their data set") }
        return data
    }

    static func policyName(_ generation: Int) -> String { String(format: "generation-%04d.json", generation) }

    /// configuration.json: the settings, the engine, the task distribution in words, and the OCR data's path.
    private static func writeStart(_ configuration: Configuration, data: DataSource.Loaded?, in folder: URL) throws {
        struct Record: Encodable {
            var engine: String
            var command = "synrl evolve"
            var configuration: Configuration
            var tasks: String
            var dimension: Int
            var ocrData: String?
        }
        try AtomicFile.writeJSON(Record(engine: engineVersion, configuration: configuration, tasks: configuration.tasks.summary,
                                        dimension: configuration.space.dimension,
                                        ocrData: configuration.tasks.ocrTasks > 0 ? data?.path : nil),
                                 to: folder.appendingPathComponent(FileName.configuration))
    }

    private static func rewriteGenerations(_ rows: [GenerationRow], in folder: URL) throws {
        let text = ([GenerationRow.header] + rows.map(\.csvLine)).joined(separator: "\n") + "\n"
        try AtomicFile.write(Data(text.utf8), to: folder.appendingPathComponent(FileName.generations))
    }

    /// The best candidate of the search so far as a policy file.
    public static func bestPolicy(of state: State) throws -> PolicyFile {
        guard let best = state.best else { throw SynapticRLError.invalidParameter("the search has no generation yet") }
        var file = try policyFile(best.point, fitness: best.fitness, generation: best.generation, state: state)
        file.name = "evolved-seed\(state.configuration.seed)"
        return file
    }

    /// The search distribution's mean after the last generation as a policy file: under noisy fitness (each
    /// generation's tasks differ) a steadier estimate of the best table than the luckiest candidate.
    public static func meanPolicy(of state: State) throws -> PolicyFile {
        let generation = state.completedGenerations
        guard generation > 0 else { throw SynapticRLError.invalidParameter("the search has no generation yet") }
        var file = try policyFile(state.optimizer.mean, fitness: nil, generation: generation, state: state)
        file.name = "evolved-mean-seed\(state.configuration.seed)"
        file.description = "The mean of synrl evolve's search distribution (seed \(state.configuration.seed)) after generation \(generation): "
            + "apply statically with the \(state.configuration.space.policy.rawValue) policy."
        return file
    }

    /// A candidate's table with its provenance: the search's settings, task distribution and seeds, its generation.
    static func policyFile(_ point: [Double], fitness: Double?, generation: Int, state: State) throws -> PolicyFile {
        let configuration = state.configuration
        let candidate = try configuration.space.decode(point)
        let row = state.rows[generation - 1]
        var provenance = [
            "command": "synrl evolve", "engine": engineVersion, "searchSeed": "\(configuration.seed)",
            "generation": "\(generation)", "fitnessMeasure": "mean normalised loss area, lower is better",
            "evaluations": "\(row.evaluations)", "sigma": "\(row.sigma)", "population": "\(row.population)",
            "restart": "\(row.restart)", "initialSigma": "\(configuration.initialSigma)",
            "algorithm": "separable CMA-ES with IPOP restarts", "policy": configuration.space.policy.rawValue,
            "start": configuration.space.start.rawValue, "tasks": configuration.tasks.summary,
            "taskSeeds": "generation \(generation): seeds from stream searchTasks of seed \(configuration.seed), all at least 2^32",
        ]
        if let fitness { provenance["fitness"] = "\(fitness)" }
        if let epsilon = candidate.epsilon { provenance["epsilon"] = "\(epsilon)" }
        if let factor = candidate.stepFactor { provenance["stepFactor"] = "\(factor)" }
        let description = "Evolved by synrl evolve (seed \(configuration.seed)), the best candidate of generation \(generation): "
            + "apply statically with the \(configuration.space.policy.rawValue) policy."
        return PolicyFile(name: "evolved-seed\(configuration.seed)-generation\(generation)", description: description,
                          table: candidate.table, provenance: provenance)
    }

    private static func finish(_ state: State, interrupted: Bool, in folder: URL?) throws -> Summary {
        guard let best = state.best, let last = state.rows.last else {
            throw SynapticRLError.invalidParameter("the search ran no generation")
        }
        let summary = Summary(seed: state.configuration.seed, generations: state.completedGenerations, evaluations: last.evaluations,
                              restarts: state.optimizer.restarts, bestFitness: best.fitness, bestGeneration: best.generation,
                              firstGenerationBestFitness: state.rows[0].bestFitness, lastBestFitness: last.bestFitness,
                              lastMeanFitness: last.meanFitness, lastAuthorsFitness: last.authorsFitness, seconds: last.seconds,
                              candidateEvaluationsPerSecond: last.candidateEvaluationsPerSecond,
                              interrupted: interrupted, converged: state.optimizer.isFinished)
        if let folder { try AtomicFile.writeJSON(summary, to: folder.appendingPathComponent(FileName.summary)) }
        return summary
    }
}
