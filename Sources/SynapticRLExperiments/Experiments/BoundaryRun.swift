import Dispatch
import Foundation
import SynapticRL

/// One boundary run in progress (`BoundaryExperiment.run`): the task, its trainer, the accuracy record, and the
/// run folder written through `RunFolderWriter`.
final class BoundaryRun {
    let configuration: BoundaryExperiment.Configuration
    let task: BoundaryTask
    let trainer: SynapticTrainer
    let folder: RunFolderWriter?
    private let metrics: MetricsLog<BoundaryMetricsRow>?
    private let initialLoss: Double
    private let initialAccuracy: Double
    private var accuracy: Double
    private var maxAccuracy: Double
    private var iterationsTo95: Int?
    private var tally = ActionTally()
    private let introspection: RunIntrospection
    private var completed: Int
    private let start = DispatchTime.now().uptimeNanoseconds

    init(_ configuration: BoundaryExperiment.Configuration, output folder: RunFolderWriter?) throws {
        self.configuration = configuration
        self.folder = folder
        task = try BoundaryTask(seed: configuration.seed, shape: configuration.shape, threads: configuration.settings.threads)
        let learner = try task.makeLearner(seed: configuration.seed, weightRange: configuration.learnerWeightRange)
        trainer = try SynapticTrainer(network: learner, rule: configuration.effectiveRule, table: configuration.startTable(),
                                      threads: configuration.settings.threads, seed: configuration.seed,
                                      initialLoss: task.loss(of: learner))
        initialLoss = trainer.loss
        accuracy = task.accuracyOfLastEvaluation()
        initialAccuracy = accuracy
        maxAccuracy = accuracy
        iterationsTo95 = accuracy >= 0.95 ? 0 : nil
        completed = configuration.iterations
        if let folder {
            try folder.createFolder()
            try folder.writeConfiguration(BoundaryRunRecord(configuration))
        }
        metrics = folder.map { $0.metricsLog() }
        introspection = RunIntrospection(folder: folder, actionSet: trainer.rule.actions)
        try introspection.record(after: 0, trainer: trainer, batch: task.points, threads: configuration.settings.threads)
        try metrics?.append(BoundaryMetricsRow(iteration: 0, loss: initialLoss, accuracy: accuracy, rewardPlusFraction: 0,
                                               actionFractions: ActionTally().fractions, seconds: elapsed()))
    }

    private func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }

    /// Every iteration: step, then the accuracy record; a report (and metrics row) every `reportEvery` and at the end.
    func train(reportEvery: Int, shouldStop: () -> Bool, progress: (BoundaryExperiment.Progress) -> Void) throws {
        for iteration in 1...configuration.iterations {
            // The census of a report needs the states the paper kernels chose from.
            trainer.keepsChoiceCodesAtNextMove = iteration % reportEvery == 0 || iteration == configuration.iterations
            let reward = try trainer.step(on: task)
            if metrics != nil { tally.add(actions: trainer.actions, reward: reward, none: UInt8(trainer.rule.actions.none)) }
            recordAccuracy(after: iteration)
            let stopping = iteration < configuration.iterations && shouldStop()
            if stopping { completed = iteration }
            if iteration % reportEvery == 0 || iteration == completed { try report(iteration: iteration, progress: progress) }
            if stopping { break }
        }
    }

    private func recordAccuracy(after iteration: Int) {
        accuracy = task.accuracyOfLastEvaluation()
        maxAccuracy = max(maxAccuracy, accuracy)
        if iterationsTo95 == nil && accuracy >= 0.95 { iterationsTo95 = iteration }
    }

    private func report(iteration: Int, progress: (BoundaryExperiment.Progress) -> Void) throws {
        if trainer.settings.adaptive { try trainer.checkTableIsFinite() }
        progress(BoundaryExperiment.Progress(iteration: iteration, iterations: configuration.iterations, loss: trainer.loss,
                                             accuracy: accuracy, seconds: elapsed()))
        try introspection.record(after: iteration, trainer: trainer, batch: task.points, threads: configuration.settings.threads)
        guard let metrics else { return }
        try metrics.append(BoundaryMetricsRow(iteration: iteration, loss: trainer.loss, accuracy: accuracy,
                                              rewardPlusFraction: tally.rewardFraction, actionFractions: tally.fractions,
                                              seconds: elapsed()))
        tally = ActionTally()
    }

    /// The exported table and summary; with a run folder, its final files (the summary last).
    func finish() throws -> BoundaryExperiment.Outcome {
        let seconds = elapsed()
        let adaptive = trainer.settings.adaptive
        let summary = BoundaryExperiment.Summary(
            mode: adaptive ? "adaptive" : "static", seed: configuration.seed, iterations: completed,
            accuracy: accuracy, maxAccuracy: maxAccuracy, iterationsTo95: iterationsTo95, loss: trainer.loss,
            initialLoss: initialLoss, initialAccuracy: initialAccuracy, chanceAccuracy: task.chanceAccuracy, seconds: seconds,
            iterationsPerSecond: Double(completed) / seconds,
            export: adaptive ? configuration.export.rawValue : nil,
            mirrorSymmetric: adaptive ? configuration.mirrorSymmetric : nil, interrupted: completed < configuration.iterations)
        let exported = exportedTable()
        let policy = policyFile(of: exported)
        if let folder {
            try folder.writeText(BoundaryGrid.csv(task: task, learner: trainer.network), to: .grid)
            try folder.writeText(BoundaryGrid.pointsCSV(task: task), to: .points)
            try policy.save(to: folder.url(of: .policy))
            try folder.writeResult(network: trainer.network, summary: summary)
        }
        return BoundaryExperiment.Outcome(summary: summary, exportedTable: exported, finalTable: trainer.ruleTable,
                                          network: trainer.network, policy: policy)
    }

    /// Adaptive: the last or the mean table, mirror-symmetrised if asked; static: the table applied.
    private func exportedTable() -> RuleTable {
        guard trainer.settings.adaptive else { return trainer.ruleTable }
        var exported = configuration.export == .average ? trainer.averageRuleTable ?? trainer.ruleTable : trainer.ruleTable
        if configuration.mirrorSymmetric { exported = exported.mirrorSymmetrized() }
        return exported
    }

    /// The exported table with the run's provenance: in the paper's format for the paper's rule, else with its rule.
    private func policyFile(of table: RuleTable) -> BoundaryExperiment.SavedPolicy {
        let (settings, seed, iterations) = (trainer.settings, configuration.seed, configuration.iterations)
        let (export, mirror) = (configuration.export.rawValue, configuration.mirrorSymmetric)
        let description = settings.adaptive
            ? "Learned on the 2-D boundary task, seed \(seed), \(iterations) iterations; exported table: \(export)\(mirror ? ", mirror-symmetrised" : "")."
            : "Applied statically on the 2-D boundary task, seed \(seed)."
        var provenance = ["task": "boundary", "seed": "\(seed)", "iterations": "\(iterations)",
                          "mode": settings.adaptive ? "adaptive" : "static", "export": settings.adaptive ? export : "applied",
                          "mirrorSymmetric": settings.adaptive ? "\(mirror)" : "n/a", "epsilon": "\(settings.epsilon)",
                          "step": "\(settings.step)", "qRate": "\(settings.qLearningRate)", "gamma": "\(settings.discount)"]
        let name = "boundary-seed\(seed)"
        guard trainer.rule.isPaperRule, let paperTable = try? QTable(historyLength: settings.historyLength, values: table.values) else {
            provenance["rule"] = configuration.ruleSource?.name ?? "set in memory"
            return .rule(RulePolicyFile(name: name, description: description, rule: trainer.rule, table: table, provenance: provenance))
        }
        return .paper(PolicyFile(name: name, description: description, table: paperTable, provenance: provenance))
    }
}
