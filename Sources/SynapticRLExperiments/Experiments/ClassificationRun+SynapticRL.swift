import Foundation
import SynapticRL

extension ClassificationRun {
    /// Synaptic RL: every trial's trainer, their stacked evaluation, checkpoints, and a resumed run's state.
    func trainSynapticRL(shouldStop: () -> Bool) throws {
        let task = try ClassificationTask(training: training, networkSizes: sizes, batchSize: configuration.batchSize,
                                          seed: configuration.seed, threads: threads, firstLayer: firstLayer!, trials: trials,
                                          parallel: parallel)
        log("first layer: \(firstLayer!.rawValue)" + (firstLayer == .incremental
            ? " (exact 8-bit × ternary updates\(TernaryAccumulate.hasAVX2 ? ", AVX2" : ", portable C"); --first-layer dense for a GEMM each iteration)"
            : ""))
        if configuration.checkFirstLayer { task.startCheckingFirstLayer() }
        let table = try configuration.table ?? PolicyFile.authorsGolden().table
        task.profile = profile
        if resume == nil { task.evaluate { networks[$0] } }
        let trainers = try (0..<trials).map { trial in
            try SynapticTrainer(network: networks[trial], table: table, settings: configuration.settings,
                                seed: configuration.trialSeed(trial), initialLoss: resume?.trials[trial].loss ?? task.losses[trial])
        }
        for trainer in trainers { trainer.profile = profile }
        if let resume {
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
            log("resumed after iteration \(resume.iteration) of \(configuration.iterations)")
        }
        let checkpointURL = output?.appendingPathComponent(Checkpoint.fileName)  // the lead's only, in a data-parallel run
        if let checkpointURL { AtomicFile.removeLeftovers(of: checkpointURL) }
        var checkpointIteration = resume?.iteration
        /// Everything to continue after `iteration`, written atomically over the previous checkpoint.
        func saveCheckpoint(after iteration: Int) throws {
            if configuration.settings.adaptive {  // a checkpoint holds only what resume can read back
                for trainer in trainers { try trainer.checkTableIsFinite() }
            }
            let firstLayerState = task.firstLayerSnapshot()  // every process: a data-parallel run gathers it
            guard let checkpointURL, let firstLayerState else { return }
            var saved = configuration
            saved.firstLayer = firstLayer!
            let trialStates = trainers.enumerated().map { trial, trainer in
                Checkpoint.Trial(network: trainer.network, state: trainer.state, table: trainer.table, average: trainer.averageTable,
                                 loss: trainer.loss, tally: tallies[trial], metrics: metrics[trial].rows)
            }
            try timed("checkpoint") {
                try CheckpointFile.save(Checkpoint(
                    configuration: saved, dataPath: data.path, dataHash: RunRecord.fingerprint(data.train), iteration: iteration,
                    batchNumber: task.batchNumber, minibatchSize: task.batchSize, elapsedSeconds: elapsed(), trials: trialStates,
                    firstLayer: firstLayerState), to: checkpointURL)
            }
            checkpointIteration = iteration
        }
        /// A failure names the checkpoint to go back to.
        func failing(_ error: Error) -> Error {
            guard case SynapticRLError.numerical(let message) = error, let checkpointIteration, let checkpointURL else { return error }
            return SynapticRLError.numerical("\(message); the checkpoint after iteration \(checkpointIteration) is kept in \(checkpointURL.path)")
        }
        do {
            for iteration in ((resume?.iteration ?? 0) + 1)...configuration.iterations {
                let batchNumber = (iteration - 1) / max(configuration.resampleEvery, 1)
                if batchNumber != task.batchNumber {
                    task.selectBatch(number: batchNumber)
                    if configuration.reevaluateAtSwitch {
                        try timed("loss re-evaluation at a switch") {
                            task.evaluate { trainers[$0].network }
                            for (trial, trainer) in trainers.enumerated() { try trainer.setLoss(task.losses[trial]) }
                        }
                    }
                }
                let step = configuration.schedule.step(base: configuration.settings.step, at: iteration)
                for trainer in trainers {
                    trainer.stepSize = step
                    trainer.move()
                }
                task.evaluate({ trainers[$0].network }, movedBy: { trainers[$0].state.actions }, step: step)
                for (trial, trainer) in trainers.enumerated() {
                    let reward = try trainer.learn(newLoss: task.losses[trial])
                    tallies[trial].add(actions: trainer.state.actions, reward: reward)
                }
                let stopping = iteration < configuration.iterations && (parallel.map { $0.agree(shouldStop()) } ?? shouldStop())
                // The order keeps a resumed run identical to one left alone: the regular evaluation, then the
                // checkpoint, then (only when stopping) an extra evaluation for the interrupted run's artefacts.
                let regular = isEvaluationPoint(iteration, stopping: false)
                func evaluateTrials() throws {
                    for (trial, trainer) in trainers.enumerated() {
                        if configuration.settings.adaptive { try trainer.checkTableIsFinite() }
                        try evaluate(trainer.network, trial: trial, iteration: iteration, minibatchLoss: trainer.loss,
                                     tally: tallies[trial], step: step)
                        tallies[trial] = ActionTally()
                    }
                }
                if regular { try evaluateTrials() }
                if iteration < configuration.iterations,
                   stopping || (configuration.checkpointEvery > 0 && iteration % configuration.checkpointEvery == 0) {
                    try saveCheckpoint(after: iteration)
                }
                FaultInjection.killIfDue(afterIteration: iteration)
                if stopping && !regular { try evaluateTrials() }
                if !regular && !stopping && iteration % ClassificationExperiment.liveUpdateInterval == 0 { report(iteration: iteration, loss: trainers[0].loss) }
                if stopping {
                    completed = iteration
                    break
                }
            }
        } catch {
            throw failing(error)
        }
        networks = trainers.map(\.network)
        agreement = task.agreement
        for (trainer, folder) in zip(trainers, trialFolders) {
            guard let folder else { continue }
            try PolicyFile(name: configuration.settings.adaptive ? "learned-on-\(data.train.name)" : "applied",
                           description: configuration.settings.adaptive ? "The table at the end of this adaptive run."
                               : "The table this run applied statically.",
                           table: trainer.table).save(to: folder.appendingPathComponent("policy.json"))
            if configuration.settings.adaptive {  // the table it started from, beside the one it learned
                try PolicyFile(name: "start", description: "The table this adaptive run started from.", table: table)
                    .save(to: folder.appendingPathComponent("policy-start.json"))
            }
        }
    }
}
