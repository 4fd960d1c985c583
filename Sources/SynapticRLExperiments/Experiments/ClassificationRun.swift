import Foundation
import SynapticRL

/// One classification run in progress: its data split, networks, metrics logs and tallies, timing and profile,
/// and the steps every method shares (evaluate, report, finish). `ClassificationExperiment.run` builds one and
/// calls the method's training: `SynapticRLTraining`, `descend` or `fitLeastSquares` (ClassificationRun+Baselines.swift).
final class ClassificationRun {
    let configuration: ClassificationExperiment.Configuration
    let data: DataSource.Loaded
    let output: URL?
    /// The run folder's writer (nil without one).
    let folder: RunFolderWriter?
    let resume: Checkpoint?
    /// A gd, sgd or peer run's checkpoint to continue from.
    let peerResume: PeerCheckpoint?
    let parallel: DataParallel?
    let log: (String) -> Void
    let progress: (ClassificationExperiment.Progress) -> Void
    let training: LabeledImages
    let validation: LabeledImages
    let split: String
    let sizes: [Int]
    let trials: Int
    var networks: [Network]
    /// Where trial k's files go: the run folder itself for a single trial.
    let trialFolders: [RunFolderWriter?]
    let metrics: [MetricsLog<ClassificationMetricsRow>]
    var tallies: [ActionTally]
    /// Iterations between evaluations.
    let every: Int
    /// Iterations scored beside every `every`-th (`Configuration.evaluateAt`).
    let extraEvaluations: Set<Int>
    /// The share of the validation set's most frequent class (`Summary.chanceAccuracy`).
    let chanceAccuracy: Double
    let threads: Int
    let profile: PhaseProfile?
    /// synrl: the first-layer path `auto` resolved to.
    let firstLayer: FirstLayerPath?
    var agreement: RewardAgreement?
    var lastValidation: Double?
    var lastScores: [(train: Evaluation, validation: Evaluation)?]
    /// Iterations done: all, unless the run was asked to stop.
    var completed: Int
    private let start = DispatchTime.now().uptimeNanoseconds

    init(_ configuration: ClassificationExperiment.Configuration, data: DataSource.Loaded, output: URL?, resume: RunCheckpoint?,
         parallel: DataParallel?, log: @escaping (String) -> Void,
         progress: @escaping (ClassificationExperiment.Progress) -> Void) throws {
        (self.configuration, self.data, self.output, self.parallel) = (configuration, data, output, parallel)
        let (resume, peer) = (resume?.synapticRL, resume?.peer)
        (self.resume, peerResume) = (resume, peer)
        (self.log, self.progress) = (log, progress)
        (training, validation, split) = try ClassificationExperiment.splitData(data, configuration: configuration)
        log("data: \(data.train.name) from \(data.path), \(data.train.count) images \(data.train.width)×\(data.train.height), "
            + "per class " + data.train.countsPerClass.map(String.init).joined(separator: "/"))
        if !data.skipped.isEmpty {
            log("skipped \(data.skipped.count) unreadable file\(data.skipped.count == 1 ? "" : "s"): " + data.skipped.joined(separator: ", "))
        }
        log("split: \(split); \(training.count) training, \(validation.count) validation")

        let sizes = [training.pixelsPerImage] + configuration.hiddenUnits + [training.classCount]
        let trials = configuration.trials
        (self.sizes, self.trials) = (sizes, trials)
        networks = try resume?.trials.map(\.network) ?? peer.map { [$0.network] } ?? (0..<trials).map { trial in
            var network = try Network.classifier(sizes: sizes)
            var initial = CounterStream(seed: configuration.trialSeed(trial), stream: .initialWeights)
            switch configuration.initialization {
            case .uniform: network.initialize(weightRange: configuration.initRange, using: &initial)
            case .orthogonal: try network.initializeOrthogonal(using: &initial)
            }
            return network
        }
        log("network: \(sizes.map(String.init).joined(separator: "-"))\(configuration.hiddenUnits.isEmpty ? "" : ", ReLU hidden"), softmax cross-entropy, \(networks[0].synapseCount) parameters"
            + (trials > 1 ? ", \(trials) trials (seeds \(configuration.seed)…\(configuration.trialSeed(trials - 1)))" : ""))

        folder = output.map(RunFolderWriter.init)
        if let folder, resume == nil && peer == nil {
            try folder.createFolder()
            try folder.writeConfiguration(try RunRecord(configuration: configuration, data: data, sizes: sizes, split: split,
                                                    trainingCount: training.count))
        }
        trialFolders = (0..<configuration.trials).map { trial in
            trials == 1 ? output.map(RunFolderWriter.init)
                : output.map { RunFolderWriter(folder: $0.appendingPathComponent("trial-\(configuration.trialSeed(trial))")) }
        }
        for case let trialFolder? in trialFolders where trials > 1 {
            try trialFolder.createFolder()
        }
        let (trainingCount, scoredPerRow) = (training.count, training.count + validation.count)
        metrics = trialFolders.enumerated().map { trial, trialFolder in
            // Rows of a checkpoint written before passes were counted get their counts, which follow from the
            // iteration alone: the resumed run's log is the one the run left alone writes.
            let rows = (resume?.trials[trial].metrics ?? peer?.metrics ?? []).enumerated().map { index, row in
                var row = row
                if row.cost == nil { row.cost = configuration.trainingCost(afterIterations: row.iteration, trainingCount: trainingCount) }
                if row.scoringPasses == nil { row.scoringPasses = (index + 1) * scoredPerRow }
                return row
            }
            return trialFolder?.metricsLog(rows: rows) ?? MetricsLog(url: nil, rows: rows)
        }
        tallies = resume?.trials.map(\.tally) ?? [ActionTally](repeating: ActionTally(), count: trials)
        every = configuration.evaluateEvery > 0 ? configuration.evaluateEvery
            : ClassificationExperiment.defaultEvaluationInterval(configuration, trainingCount: training.count, validationCount: validation.count)
        extraEvaluations = Set(configuration.evaluateAt ?? [])
        threads = configuration.settings.threads
        chanceAccuracy = Double(validation.countsPerClass.max() ?? 0) / Double(max(validation.count, 1))
        lastValidation = metrics[0].rows.last?.validation.accuracy
        lastScores = [(train: Evaluation, validation: Evaluation)?](repeating: nil, count: trials)
        completed = configuration.iterations
        profile = configuration.profile ? PhaseProfile() : nil
        // Multiplicative moves are evaluated densely: the integer path counts additive moves (±1 or ±2 steps).
        firstLayer = !configuration.method.isSynapticEngine ? nil : !configuration.effectiveRule.actions.isAdditive ? .dense
            : configuration.firstLayer.resolved(resampleEvery: configuration.resampleEvery, floatFeatures: training.floatFeatures != nil)
    }

    /// Whether the run continues from a checkpoint (of either kind).
    var isResumed: Bool { resume != nil || peerResume != nil }

    /// Seconds since the run started (a resumed run counts its earlier part).
    func elapsed() -> Double { (resume?.elapsedSeconds ?? peerResume?.elapsedSeconds ?? 0) + Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }

    /// Evaluate at every `every`-th iteration, at the last, at those asked for, and where the run is asked to stop.
    func isEvaluationPoint(_ iteration: Int, stopping: Bool) -> Bool {
        stopping || iteration % every == 0 || iteration == configuration.iterations || extraEvaluations.contains(iteration)
    }

    func timed<Result>(_ phase: String, _ body: () throws -> Result) rethrows -> Result {
        try profile.map { try $0.measure(phase, body) } ?? body()
    }
    /// The iteration-0 row: the weights before the first step, scored as every later row is (its tallies empty).
    /// A resumed run has it already, in the rows its checkpoint restored.
    func evaluateStart(_ network: Network, trial: Int = 0, minibatchLoss: Double, step: Float) throws {
        precondition(!isResumed, "a resumed run restores its iteration-0 row")
        try evaluate(network, trial: trial, iteration: 0, minibatchLoss: minibatchLoss, tally: ActionTally(), step: step)
    }

    /// Scores both sets, appends the trial's metrics row and reports trial 0's (from iteration 1 on: before the
    /// first step there is no progress to report).
    func evaluate(_ network: Network, trial: Int = 0, iteration: Int, minibatchLoss: Double, tally: ActionTally, step: Float) throws {
        guard parallel?.isLead ?? true else { return }  // one process scores and logs
        let (score, trainScore) = try timed(PhaseProfile.Phase.evaluation) {
            do {
                return (try Evaluation.score(network, on: validation, threads: threads),
                        try Evaluation.score(network, on: training, threads: threads))
            } catch SynapticRLError.numerical(let message) {
                throw SynapticRLError.numerical(message + (trials > 1 ? " (trial \(trial))" : "") + " at iteration \(iteration)")
            }
        }
        try timed(PhaseProfile.Phase.logging) {
            try metrics[trial].append(ClassificationMetricsRow(
                iteration: iteration, minibatchLoss: minibatchLoss, train: trainScore, validation: score,
                rewardPlusFraction: tally.rewardFraction, actionFractions: tally.fractions, step: step, seconds: elapsed(),
                cost: configuration.trainingCost(afterIterations: iteration, trainingCount: training.count),
                scoringPasses: (metrics[trial].rows.count + 1) * (training.count + validation.count)))
            lastScores[trial] = (trainScore, score)
            guard trial == 0 else { return }
            lastValidation = score.accuracy
            guard iteration > 0 else { return }
            progress(ClassificationExperiment.Progress(iteration: iteration, iterations: configuration.iterations, loss: minibatchLoss,
                              validationAccuracy: score.accuracy, seconds: elapsed(), isEvaluation: true))
        }
    }
    func report(iteration: Int, loss: Double) {
        progress(ClassificationExperiment.Progress(iteration: iteration, iterations: configuration.iterations, loss: loss,
                          validationAccuracy: lastValidation, seconds: elapsed(), isEvaluation: false))
    }

    /// The summaries, final weights and profile, written to the run folder: every method evaluates at its last
    /// iteration, so each trial's last metrics row scores its final weights.
    func finish() throws -> ClassificationExperiment.Outcome {
        let seconds = elapsed()
        let summaries: [ClassificationExperiment.Summary] = !(parallel?.isLead ?? true) ? [] : (0..<trials).map { trial in
            guard let (trainScore, validationScore) = lastScores[trial] else { preconditionFailure("a run ends with an evaluation") }
            guard let start = metrics[trial].rows.first, start.iteration == 0 else { preconditionFailure("a run starts with row 0") }
            return ClassificationExperiment.Summary(
                dataSet: data.train.name, method: configuration.method.rawValue, hidden: configuration.hiddenUnits,
                parameters: networks[trial].synapseCount, seed: configuration.trialSeed(trial), iterations: completed,
                trainAccuracy: trainScore.accuracy, validationAccuracy: validationScore.accuracy,
                trainLoss: trainScore.loss, validationLoss: validationScore.loss,
                initialTrainAccuracy: start.train.accuracy, initialValidationAccuracy: start.validation.accuracy,
                initialTrainLoss: start.train.loss, initialValidationLoss: start.validation.loss,
                chanceAccuracy: chanceAccuracy, seconds: seconds,
                iterationsPerSecond: Double(completed) / seconds, split: split, interrupted: completed < configuration.iterations,
                firstLayer: firstLayer, rewardAgreement: agreement,
                cost: metrics[trial].rows.last?.cost, scoringForwardPasses: metrics[trial].rows.last?.scoringPasses)
        }
        let profileText = profile.map { profile in
            let total = profile.totalSeconds
            return profile.report(iterations: completed, totalSeconds: total,
                                  referenceGEMMRate: PhaseProfile.measureReferenceGEMMRate())
        }
        for ((summary, network), trialFolder) in zip(zip(summaries, networks), trialFolders) {
            try trialFolder?.writeResult(network: network, summary: summary)
        }
        if let folder {
            if let profileText { try folder.writeText(profileText, to: .profile) }
            if trials > 1 { try folder.writeJSON(summaries, to: .trials) }
            // Only once every final file is written do they supersede the checkpoint: a crash before this
            // point leaves a run that resume can still finish.
            if completed == configuration.iterations { unlink(folder.url(of: .checkpoint).path) }
        }
        return ClassificationExperiment.Outcome(summaries: summaries, networks: networks, profile: profileText)
    }
}
