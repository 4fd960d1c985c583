import Foundation
@_spi(Benchmarks) import SynapticRL

/// Scores one generation's candidates on that generation's tasks (`SearchTaskDistribution`): every candidate's
/// normalised loss area (`TrainingProgress`) on every task, then each candidate's mean over the tasks in task order.
///
/// Boundary runs are independent jobs, one per (candidate, task), claimed by the threads one at a time; a 2-D
/// network's first layer has two inputs, so stacking candidates would share nothing. An OCR task runs all candidates
/// as stacked trials of one `ClassificationTask`: one integer update (or one GEMM) of the stacked first layers per
/// iteration serves every candidate, each with its own table, and the task's sample blocks go to the threads.
/// Every job's figure is the same bits on any thread count; over MPI each process runs the jobs `share` gives it
/// and `share.sum` adds the figures up (each computed by exactly one process, zeros elsewhere), so the search is the
/// same bits on any process count too.
final class GenerationEvaluation {
    let tasks: SearchTaskDistribution
    let space: PolicySearchSpace
    let threads: Int
    /// Process `rank` of `size` runs job j where j mod size = rank; `sum` adds the figures up over the processes.
    let share: PolicySearch.ProcessShare
    /// The images OCR tasks draw their subsets from (nil without OCR tasks).
    let ocrPool: LabeledImages?
    private let boundarySettings = SynapticSettings()
    private let ocrConfiguration = ClassificationExperiment.Configuration()

    init(tasks: SearchTaskDistribution, space: PolicySearchSpace, threads: Int, share: PolicySearch.ProcessShare, ocrPool: LabeledImages?) {
        precondition(tasks.ocrTasks == 0 || ocrPool != nil, "OCR tasks need their data")
        (self.tasks, self.space, self.threads, self.share, self.ocrPool) = (tasks, space, threads, share, ocrPool)
    }

    /// The images an OCR task may use: the data set's test file, or the whole set where it has none (`warning` says so).
    static func ocrPool(of data: DataSource.Loaded) -> (images: LabeledImages, warning: String?) {
        if let test = data.test { return (test, nil) }
        return (data.train, "\(data.path) has no test file: the search draws its OCR subsets from every image, which held-out runs on it may also use")
    }

    /// Each candidate's fitness (lower is better), and each (candidate, task) figure, candidate-major (the search
    /// adds the authors' table to its own candidates as a reference).
    func evaluate(_ candidates: [PolicySearchCandidate], generation: Int, searchSeed: UInt64) throws -> (fitness: [Double], perTask: [Double]) {
        let taskCount = tasks.count
        var figures = [Double](repeating: 0, count: candidates.count * taskCount)
        let seeds = (0..<taskCount).map { SearchTaskDistribution.taskSeed(searchSeed: searchSeed, generation: generation, index: $0) }
        try runBoundaryJobs(candidates, seeds: Array(seeds.prefix(tasks.boundaries)), into: &figures)
        for ocrTask in 0..<tasks.ocrTasks where (tasks.boundaries * candidates.count + ocrTask) % share.size == share.rank {
            let index = tasks.boundaries + ocrTask
            let areas = try runOCRTask(candidates, seed: seeds[index])
            for candidate in candidates.indices { figures[candidate * taskCount + index] = areas[candidate] }
        }
        figures = share.sum(figures)
        let fitness = candidates.indices.map { candidate in
            figures[(candidate * taskCount)..<((candidate + 1) * taskCount)].reduce(0, +) / Double(taskCount)
        }
        return (fitness, figures)
    }

    /// This process's boundary jobs (job = task · candidates + candidate), over the threads.
    private func runBoundaryJobs(_ candidates: [PolicySearchCandidate], seeds: [UInt64], into figures: inout [Double]) throws {
        let jobs = (0..<(seeds.count * candidates.count)).filter { $0 % share.size == share.rank }
        var results = [Result<Double, Error>](repeating: .success(0), count: jobs.count)
        results.withUnsafeMutableBufferPointer { slots in
            Parallel.forEachItem(count: jobs.count, threads: threads) { item, _ in
                let (task, candidate) = jobs[item].quotientAndRemainder(dividingBy: candidates.count)
                slots[item] = Result { try boundaryArea(candidates[candidate], seed: seeds[task]) }
            }
        }
        for (item, job) in jobs.enumerated() {
            let (task, candidate) = job.quotientAndRemainder(dividingBy: candidates.count)
            figures[candidate * tasks.count + task] = try results[item].get()
        }
    }

    /// One candidate on the boundary of `seed`: the demo's static run (learner U(−0.5, 0.5) from the same seed).
    private func boundaryArea(_ candidate: PolicySearchCandidate, seed: UInt64) throws -> Double {
        let task = try BoundaryTask(seed: seed, shape: tasks.boundaryShape, threads: 1)
        let learner = try task.makeLearner(seed: seed, weightRange: BoundaryExperiment.Configuration().learnerWeightRange)
        let rule = space.rule(for: candidate, settings: boundarySettings)
        let trainer = try SynapticTrainer(network: learner, rule: rule, table: candidate.ruleTable(for: rule, layers: 2),
                                          threads: 1, seed: seed, initialLoss: task.loss(of: learner))
        var progress = try TrainingProgress(initialLoss: trainer.loss)
        for _ in 0..<tasks.boundaryIterations {
            try trainer.step(on: task)
            progress.add(loss: trainer.loss)
        }
        return progress.normalisedArea
    }

    /// Every candidate on the OCR task of `seed`, as stacked trials on its subset (one minibatch, never redrawn),
    /// from the same initial weights: incrementally where every candidate moves by the same step, else densely.
    private func runOCRTask(_ candidates: [PolicySearchCandidate], seed: UInt64) throws -> [Double] {
        let pool = ocrPool!
        let subset = try pool.subset(SearchTaskDistribution.subsetIndices(count: tasks.ocrImages, of: pool.count, seed: seed))
        let sizes = [subset.pixelsPerImage] + tasks.ocrHidden + [subset.classCount]
        let rules = candidates.map { space.rule(for: $0, settings: ocrConfiguration.settings) }
        let countsMoves = Set(rules.map(\.step.initialValue)).count == 1 && subset.floatFeatures == nil
        let task = try ClassificationTask(training: subset, networkSizes: sizes, batchSize: subset.count, seed: seed,
                                          threads: threads, firstLayer: countsMoves ? .incremental : .dense,
                                          trials: candidates.count)
        var network = try Network.classifier(sizes: sizes)
        var draws = CounterStream(seed: seed, stream: .initialWeights)
        network.initialize(weightRange: ocrConfiguration.initRange, using: &draws)
        task.evaluate { _ in network }
        let trainers = try candidates.indices.map { index in
            try SynapticTrainer(network: network, rule: rules[index], table: candidates[index].ruleTable(for: rules[index], layers: sizes.count - 1),
                                threads: threads, seed: seed, initialLoss: task.losses[index])
        }
        var progress = try trainers.map { try TrainingProgress(initialLoss: $0.loss) }
        for _ in 0..<tasks.ocrIterations {
            for trainer in trainers { trainer.move() }
            if countsMoves {
                task.evaluate({ trainers[$0].network }, movedBy: { trainers[$0].actions }, step: trainers[0].stepSize)
            } else {
                task.evaluate { trainers[$0].network }
            }
            for (index, trainer) in trainers.enumerated() {
                try trainer.learn(newLoss: task.losses[index])
                progress[index].add(loss: trainer.loss)
            }
        }
        return progress.map(\.normalisedArea)
    }
}
