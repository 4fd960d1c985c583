import Foundation
import SynapticRL

/// Synaptic RL in a classification run: every trial's trainer on one stacked `ClassificationTask`, an iteration
/// as named steps in a fixed order (switch minibatch, move, evaluate, learn, record, checkpoint), and a resumed
/// run's state taken back from its checkpoint. The order is what keeps a resumed run identical to one left alone.
final class SynapticRLTraining {
    let run: ClassificationRun
    let task: ClassificationTask
    let trainers: [SynapticTrainer]
    /// The table the trials started from.
    let startTable: QTable
    /// The lead's only, in a data-parallel run.
    private let checkpointURL: URL?
    private var checkpointIteration: Int?
    private var configuration: ClassificationExperiment.Configuration { run.configuration }

    init(_ run: ClassificationRun) throws {
        self.run = run
        let configuration = run.configuration
        task = try ClassificationTask(training: run.training, networkSizes: run.sizes, batchSize: configuration.batchSize,
                                      seed: configuration.seed, threads: run.threads, firstLayer: run.firstLayer!,
                                      trials: run.trials, parallel: run.parallel)
        run.log("first layer: \(run.firstLayer!.rawValue)" + (run.firstLayer == .incremental
            ? " (exact 8-bit × ternary updates\(", " + FirstLayerPath.incrementalKernel); --first-layer dense for a GEMM each iteration)"
            : ""))
        if configuration.checkFirstLayer { task.startCheckingFirstLayer() }
        startTable = try configuration.table ?? PolicyFile.authorsGolden().table
        task.profile = run.profile
        let resume = run.resume
        if resume == nil {
            task.evaluate { run.networks[$0] }
            for trial in 0..<run.trials {
                try run.evaluateStart(run.networks[trial], trial: trial, minibatchLoss: task.losses[trial],
                                      step: configuration.schedule.step(base: configuration.settings.step, at: 1))
            }
        }
        trainers = try (0..<run.trials).map { [task, startTable] trial in
            let trainer = try SynapticTrainer(network: run.networks[trial], table: startTable, settings: configuration.settings,
                                              seed: configuration.trialSeed(trial),
                                              initialLoss: resume?.trials[trial].loss ?? task.losses[trial])
            trainer.profile = run.profile
            return trainer
        }
        checkpointURL = run.output?.appendingPathComponent(Checkpoint.fileName)
        if let checkpointURL { AtomicFile.removeLeftovers(of: checkpointURL) }
        if let resume { try restore(resume) }
    }

    /// Every trainer and the task as the checkpoint left them.
    private func restore(_ resume: Checkpoint) throws {
        guard resume.minibatchSize == task.batchSize else {
            throw SynapticRLError.invalidData("the checkpoint's minibatch of \(resume.minibatchSize) does not fit this data")
        }
        for (trainer, saved) in zip(trainers, resume.trials) {
            var snapshot = trainer.snapshot
            (snapshot.iteration, snapshot.state, snapshot.table) = (resume.iteration, saved.state, saved.table)
            (snapshot.averageTable, snapshot.loss) = (saved.average, saved.loss)
            try trainer.restore(snapshot)
        }
        task.restore(batchNumber: resume.batchNumber, firstLayer: resume.firstLayer)
        checkpointIteration = resume.iteration
        run.log("resumed after iteration \(resume.iteration) of \(configuration.iterations)")
    }

    /// The iterations left, until the last or until `shouldStop` asks (every process agrees on it).
    func train(shouldStop: () -> Bool) throws {
        do {
            for iteration in ((run.resume?.iteration ?? 0) + 1)...configuration.iterations {
                try switchMinibatchIfDue(before: iteration)
                let step = configuration.schedule.step(base: configuration.settings.step, at: iteration)
                try move(step: step)
                evaluate(step: step)
                try learn()
                let stopping = iteration < configuration.iterations
                    && (run.parallel.map { $0.agree(shouldStop()) } ?? shouldStop())
                try record(after: iteration, step: step, stopping: stopping)
                if stopping {
                    run.completed = iteration
                    break
                }
            }
        } catch {
            throw failing(error)
        }
        run.networks = trainers.map(\.network)
        run.agreement = task.agreement
        try writePolicies()
    }

    private func switchMinibatchIfDue(before iteration: Int) throws {
        let batchNumber = (iteration - 1) / max(configuration.resampleEvery, 1)
        guard batchNumber != task.batchNumber else { return }
        task.selectBatch(number: batchNumber)
        guard configuration.reevaluateAtSwitch else { return }
        try run.timed("loss re-evaluation at a switch") {
            task.evaluate { trainers[$0].network }
            for (trial, trainer) in trainers.enumerated() { try trainer.setLoss(task.losses[trial]) }
        }
    }

    private func move(step: Float) throws {
        for trainer in trainers {
            try trainer.setStepSize(step)
            trainer.move()
        }
    }

    private func evaluate(step: Float) {
        task.evaluate({ trainers[$0].network }, movedBy: { trainers[$0].state.actions }, step: step)
    }

    private func learn() throws {
        for (trial, trainer) in trainers.enumerated() {
            let reward = try trainer.learn(newLoss: task.losses[trial])
            run.tallies[trial].add(actions: trainer.actions, reward: reward, none: UInt8(trainer.rule.actions.none))
        }
    }

    /// The regular evaluation, then the checkpoint, then (only when stopping) an extra evaluation for the
    /// interrupted run's files: a resumed run then scores and saves exactly where one left alone does.
    private func record(after iteration: Int, step: Float, stopping: Bool) throws {
        let regular = run.isEvaluationPoint(iteration, stopping: false)
        if regular { try scoreTrials(after: iteration, step: step) }
        if iteration < configuration.iterations,
           stopping || (configuration.checkpointEvery > 0 && iteration % configuration.checkpointEvery == 0) {
            try saveCheckpoint(after: iteration)
        }
        FaultInjection.killIfDue(afterIteration: iteration)
        if stopping && !regular { try scoreTrials(after: iteration, step: step) }
        if !regular && !stopping && iteration % ClassificationExperiment.liveUpdateInterval == 0 {
            run.report(iteration: iteration, loss: trainers[0].loss)
        }
    }

    private func scoreTrials(after iteration: Int, step: Float) throws {
        for (trial, trainer) in trainers.enumerated() {
            if configuration.settings.adaptive { try trainer.checkTableIsFinite() }
            try run.evaluate(trainer.network, trial: trial, iteration: iteration, minibatchLoss: trainer.loss,
                             tally: run.tallies[trial], step: step)
            run.tallies[trial] = ActionTally()
        }
    }

    /// Everything to continue after `iteration`, written atomically over the previous checkpoint.
    private func saveCheckpoint(after iteration: Int) throws {
        if configuration.settings.adaptive {  // a checkpoint holds only what resume can read back
            for trainer in trainers { try trainer.checkTableIsFinite() }
        }
        let firstLayerState = task.firstLayerSnapshot()  // every process: a data-parallel run gathers it
        guard let checkpointURL, let firstLayerState else { return }
        var saved = configuration
        saved.firstLayer = run.firstLayer!
        let trialStates = trainers.enumerated().map { trial, trainer in
            Checkpoint.Trial(network: trainer.network, state: trainer.state, table: trainer.table, average: trainer.averageTable,
                             loss: trainer.loss, tally: run.tallies[trial], metrics: run.metrics[trial].rows)
        }
        try run.timed(PhaseProfile.Phase.checkpoint) {
            try CheckpointFile.save(Checkpoint(
                configuration: saved, dataPath: run.data.path, dataHash: RunRecord.fingerprint(run.data.train),
                iteration: iteration, batchNumber: task.batchNumber, minibatchSize: task.batchSize,
                elapsedSeconds: run.elapsed(), trials: trialStates, firstLayer: firstLayerState), to: checkpointURL)
        }
        checkpointIteration = iteration
    }

    /// A numerical failure names the checkpoint to go back to.
    private func failing(_ error: Error) -> Error {
        guard case SynapticRLError.numerical(let message) = error, let checkpointIteration, let checkpointURL else { return error }
        return SynapticRLError.numerical("\(message); the checkpoint after iteration \(checkpointIteration) is kept in \(checkpointURL.path)")
    }

    /// Each trial's table beside its other files: the one it ended with, and for an adaptive run the start.
    private func writePolicies() throws {
        let adaptive = configuration.settings.adaptive
        for (trainer, folder) in zip(trainers, run.trialFolders) {
            guard let folder else { continue }
            try folder.writePolicy(PolicyFile(
                name: adaptive ? "learned-on-\(run.data.train.name)" : "applied",
                description: adaptive ? "The table at the end of this adaptive run." : "The table this run applied statically.",
                table: trainer.table))
            if adaptive {
                try folder.writePolicy(PolicyFile(name: "start", description: "The table this adaptive run started from.",
                                                  table: startTable), as: .startPolicy)
            }
        }
    }
}
