import Foundation
import SynapticRL

/// Synaptic RL in a classification run: every trial's trainer on one stacked `ClassificationTask`, an iteration
/// as named steps in a fixed order (switch minibatch, move, evaluate, learn, record, checkpoint), and a resumed
/// run's state taken back from its checkpoint. The order is what keeps a resumed run identical to one left alone.
final class SynapticRLTraining {
    let run: ClassificationRun
    let task: ClassificationTask
    let trainers: [SynapticTrainer]
    /// The table the trials started from (nil: zeros).
    let startTable: RuleTable?
    /// The lead's only, in a data-parallel run.
    private let checkpointURL: URL?
    private var checkpointIteration: Int?
    /// Each trial's visits.csv, layers.csv and silent-layer warnings (the lead's only, in a data-parallel run).
    private let introspections: [RunIntrospection]?
    private var configuration: ClassificationExperiment.Configuration { run.configuration }

    init(_ run: ClassificationRun) throws {
        self.run = run
        let configuration = run.configuration
        task = try ClassificationTask(training: run.training, networkSizes: run.sizes, batchSize: configuration.batchSize,
                                      seed: configuration.seed, threads: run.threads, firstLayer: run.firstLayer!,
                                      trials: run.trials, parallel: run.parallel)
        let rule = configuration.effectiveRule
        let counted = rule.actions == .fiveLevel ? "five-level (0, ±1, ±2 steps)" : "ternary"
        run.log("first layer: \(run.firstLayer!.rawValue)" + (run.firstLayer == .incremental
            ? " (exact 8-bit × \(counted) updates, \(FirstLayerPath.incrementalKernel); --first-layer dense for a GEMM each iteration)"
            : !rule.actions.isAdditive ? " (the rule's \(rule.actions.rawValue) moves are not multiples of the step, which the incremental path counts)" : ""))
        if configuration.rule != nil {
            run.log("rule: \(configuration.ruleSource?.name ?? "set in memory") (\(rule.summary))"
                    + (rule.isPaperRule ? "" : "; the general sweep, as it is not the paper's rule"))
        }
        if configuration.checkFirstLayer { task.startCheckingFirstLayer() }
        startTable = try Self.startTable(of: configuration, layers: run.sizes.count - 1)
        task.profile = run.profile
        let resume = run.resume
        if resume == nil {
            task.evaluate { run.networks[$0] }
            for trial in 0..<run.trials {
                try run.evaluateStart(run.networks[trial], trial: trial, minibatchLoss: task.losses[trial],
                                      step: rule.step.initialValue)
            }
        }
        trainers = try (0..<run.trials).map { [task, startTable] trial in
            let trainer = try SynapticTrainer(network: run.networks[trial], rule: rule, table: startTable,
                                              threads: configuration.settings.threads, seed: configuration.trialSeed(trial),
                                              initialLoss: resume?.trials[trial].loss ?? task.losses[trial])
            trainer.profile = run.profile
            return trainer
        }
        checkpointURL = run.output?.appendingPathComponent(Checkpoint.fileName)
        if let checkpointURL { AtomicFile.removeLeftovers(of: checkpointURL) }
        let isLead = run.parallel?.isLead ?? true
        introspections = !isLead ? nil : run.trialFolders.enumerated().map { trial, folder in
            RunIntrospection(folder: folder, actionSet: rule.actions,
                             resumedRows: resume.map { Set($0.trials[trial].metrics.map(\.iteration)) })
        }
        if let resume { try restore(resume) } else { try introspect(after: 0) }
    }

    /// Every trial's census and hidden activity on the current minibatch (`RunIntrospection`), at each report.
    private func introspect(after iteration: Int) throws {
        guard let introspections else { return }
        for (trainer, introspection) in zip(trainers, introspections) {
            try introspection.record(after: iteration, trainer: trainer, batch: task.batch, threads: configuration.settings.threads)
        }
    }

    /// The table the trials start from: a general rule's policy, a paper-format table, the authors' table where the
    /// rule's states are the paper's (n = m = 2), else zeros (a learning rule, or a fixed map that reads none).
    private static func startTable(of configuration: ClassificationExperiment.Configuration, layers: Int) throws -> RuleTable? {
        let space = RuleStateSpace(rule: configuration.effectiveRule, layers: layers)
        if let table = configuration.initialRuleTable { return table }
        if let table = configuration.table { return try RuleTable(space: space, paperTable: table) }
        guard configuration.startsFromAuthorsTable else { return nil }
        return try RuleTable(space: space, paperTable: PolicyFile.authorsGolden().table)
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
            (snapshot.general, snapshot.scheduleState) = (saved.general, saved.scheduleState)
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
                if run.isEvaluationPoint(iteration, stopping: false) {  // the census of its report needs the states
                    for trainer in trainers { trainer.keepsChoiceCodesAtNextMove = true }
                }
                let step = try move()
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

    /// Every trial's sweep (after its presynaptic activity, for a rule that reads it); returns the step it moved by
    /// (the rule's schedule: the same for every trial).
    private func move() throws -> Float {
        for trainer in trainers {
            if trainer.rule.state.presynapticActivity { try trainer.setPresynapticActivity(task.presynapticActivity(of: trainer.network)) }
            trainer.move()
        }
        return trainers[0].stepSize
    }

    private func evaluate(step: Float) {
        task.evaluate({ trainers[$0].network }, movedBy: { trainers[$0].actions }, in: trainers[0].rule.actions, step: step)
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
        try introspect(after: iteration)
    }

    /// Everything to continue after `iteration`, written atomically over the previous checkpoint.
    private func saveCheckpoint(after iteration: Int) throws {
        if configuration.settings.adaptive || trainers[0].rule.learning.learns {  // a checkpoint holds only what resume can read back
            for trainer in trainers { try trainer.checkTableIsFinite() }
        }
        let firstLayerState = task.firstLayerSnapshot()  // every process: a data-parallel run gathers it
        guard let checkpointURL, let firstLayerState else { return }
        var saved = configuration
        saved.firstLayer = run.firstLayer!
        let trialStates = trainers.enumerated().map { trial, trainer in
            let snapshot = trainer.snapshot
            return Checkpoint.Trial(network: snapshot.network, state: snapshot.state, table: snapshot.table,
                                    average: snapshot.averageTable, general: snapshot.general,
                                    scheduleState: snapshot.scheduleState, loss: snapshot.loss, tally: run.tallies[trial],
                                    metrics: run.metrics[trial].rows)
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

    /// Each trial's table beside its other files: the one it ended with, and for an adaptive run the start, in the
    /// paper's format for the paper's rule and as a `RulePolicyFile` for any other.
    private func writePolicies() throws {
        let adaptive = configuration.settings.adaptive
        let name = adaptive ? "learned-on-\(run.data.train.name)" : "applied"
        let description = adaptive ? "The table at the end of this adaptive run." : "The table this run applied statically."
        for (trainer, folder) in zip(trainers, run.trialFolders) {
            guard let folder else { continue }
            let start = startTable ?? RuleTable(space: trainer.ruleTable.space)
            if trainer.rule.isPaperRule {
                try folder.writePolicy(PolicyFile(name: name, description: description, table: trainer.table))
                if adaptive {
                    try folder.writePolicy(PolicyFile(name: "start", description: "The table this adaptive run started from.",
                                                      table: QTable(historyLength: trainer.table.historyLength, values: start.values)),
                                           as: .startPolicy)
                }
            } else {
                try RulePolicyFile(name: name, description: description, rule: trainer.rule, table: trainer.ruleTable)
                    .save(to: folder.url(of: .policy))
                if adaptive {
                    try RulePolicyFile(name: "start", description: "The table this adaptive run started from.", rule: trainer.rule,
                                       table: start).save(to: folder.url(of: .startPolicy))
                }
            }
        }
    }
}
