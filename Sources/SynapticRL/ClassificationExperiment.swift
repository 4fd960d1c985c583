import Foundation

/// One OCR training run (paper §3, Table 1): synaptic RL with a (by default static) policy, or the
/// full-batch gradient-descent baseline, on a labelled image set split 75/25.
public struct ClassificationExperiment {
    public enum Method: String, Sendable, CaseIterable, Codable {
        case synrl, gd, lstsq
    }

    /// How the weights start: U(−range, range) with zero biases (the authors'), or orthogonal (QR of a Gaussian).
    public enum Initialization: String, Sendable, CaseIterable, Codable {
        case uniform, orthogonal
    }

    /// Every setting of a run; Codable (for checkpoints) except `table`, which a checkpoint stores as numbers.
    public struct Configuration: Sendable, Codable {
        public var method = Method.synrl
        public var hiddenUnits: [Int] = []
        public var iterations = 200_000
        public var seed: UInt64 = 1
        /// The paper's OCR settings: ε = 0.1, step 1e-4.
        public var settings: SynapticSettings = {
            var settings = SynapticSettings()
            settings.epsilon = 0.1
            settings.step = 1e-4
            settings.adaptive = false
            return settings
        }()
        public var schedule = StepSchedule()
        public var table: QTable?
        public var batchSize = 5000
        public var resampleEvery = 5000
        /// Evaluate the old weights on a new minibatch at each switch, so the reward compares like with like.
        public var reevaluateAtSwitch = true
        /// Initial weights U(−range, range), biases 0 (the authors' code: 0.1).
        public var initRange: Float = 0.1
        public var evaluateEvery = 0
        public var validationFraction = 0.25
        /// Validate on the data set's own test split instead of a 75/25 split of its training images.
        public var useTestSplit = false
        public var learningRate: Float = 0.1
        /// gd: nil for full-batch descent (the paper), else minibatch SGD with this batch size.
        public var gradientBatchSize: Int?
        public var initialization = Initialization.uniform
        /// λ of the least-squares baseline.
        public var ridge = 1.0
        /// Time every phase of a synrl run and report it (`PhaseProfile`).
        public var profile = false
        /// synrl: how the first layer is evaluated each iteration (`auto` resolves by CPU and resampling interval).
        public var firstLayer = FirstLayerPath.auto
        /// synrl, incremental first layer: evaluate densely as well and report how often the rewards agree.
        public var checkFirstLayer = false
        /// synrl: independent networks trained together on one minibatch schedule (keyed by `seed`); trial k starts
        /// from the weights of seed + k and draws its actions from seed + k.
        public var trials = 1
        /// synrl: write a checkpoint (`Checkpoint.fileName` in the run folder) every this many iterations, 0 for none.
        public var checkpointEvery = 0

        enum CodingKeys: String, CodingKey {
            case method, hiddenUnits, iterations, seed, settings, schedule, batchSize, resampleEvery, reevaluateAtSwitch
            case initRange, evaluateEvery, validationFraction, useTestSplit, learningRate, gradientBatchSize, initialization
            case ridge, profile, firstLayer, checkFirstLayer, trials, checkpointEvery
        }

        /// The seed of trial k's initial weights and actions.
        public func trialSeed(_ trial: Int) -> UInt64 { seed &+ UInt64(trial) }
        public init() {}

        public var networkSizes: (Int, Int) -> [Int] { { inputs, classes in [inputs] + hiddenUnits + [classes] } }

        /// Hidden layer sizes from the CLI's "32", "64,32" or "0" (no hidden layer).
        public static func hiddenUnits(parsing text: String) throws -> [Int] {
            let sizes = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? -1) >= 0 }) else {
                throw SynapticRLError.invalidParameter("--hidden takes comma-separated layer sizes, got '\(text)'")
            }
            return sizes.compactMap { $0 }.filter { $0 > 0 }
        }

        /// Paper defaults by shape: 200k iterations for a linear network, 500k with hidden units.
        public static func defaultIterations(hidden: [Int], method: Method) -> Int {
            switch method {
            case .synrl: return hidden.isEmpty ? 200_000 : 500_000
            case .gd: return hidden.isEmpty ? 3000 : 6000
            case .lstsq: return 1
            }
        }
    }

    public struct Progress: Sendable {
        public let iteration: Int
        public let iterations: Int
        public let loss: Double
        /// The most recent validation accuracy (nil before the first evaluation).
        public let validationAccuracy: Double?
        public let seconds: Double
        /// Whether this report comes with a fresh evaluation (a metrics row), or is a live update between them.
        public let isEvaluation: Bool
    }

    /// Live updates between evaluations come this often (iterations), cheap next to a forward pass.
    static let liveUpdateInterval = 50

    /// What a run returns: per trial its summary and final network (one of each but with `trials`), and, when
    /// asked for, the phase profile.
    public struct Outcome {
        public let summaries: [Summary]
        public let networks: [Network]
        public let profile: String?

        public var summary: Summary { summaries[0] }
        public var network: Network { networks[0] }
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var task = "classification"
        public var dataSet: String
        public var method: String
        public var hidden: [Int]
        public var parameters: Int
        public var seed: UInt64
        public var iterations: Int
        public var trainAccuracy: Double
        public var validationAccuracy: Double
        public var trainLoss: Double
        public var validationLoss: Double
        public var seconds: Double
        public var iterationsPerSecond: Double
        public var split: String
        /// Whether the run was asked to stop early (SIGINT/SIGTERM); `iterations` then counts those completed.
        public var interrupted = false
        /// synrl: the first-layer path the run took (dense or incremental).
        public var firstLayer: FirstLayerPath?
        /// synrl with `checkFirstLayer`: how often the incremental and dense rewards agreed.
        public var rewardAgreement: RewardAgreement?
    }

    /// Runs one training; with `output`, writes the run folder (configuration, metrics CSV, policy, weights,
    /// summary), every file atomically. With trials > 1 each trial's files go to `output`/trial-<seed>.
    /// synrl with `checkpointEvery` (and where `shouldStop` asks) also writes `Checkpoint.fileName` there, and
    /// `resume` continues from one: pass its configuration (the thread count may differ) and the same data.
    public static func run(
        _ configuration: Configuration, data: DataSource.Loaded, output: URL? = nil, log: (String) -> Void = { _ in },
        progress: (Progress) -> Void = { _ in }, shouldStop: () -> Bool = { false }, resume: Checkpoint? = nil,
        parallel: DataParallel? = nil
    ) throws -> Outcome {
        guard configuration.iterations >= 1 else { throw SynapticRLError.invalidParameter("iterations must be at least 1") }
        guard configuration.hiddenUnits.allSatisfy({ $0 >= 1 }) else {
            throw SynapticRLError.invalidParameter("hidden layer sizes must be positive, got \(configuration.hiddenUnits)")
        }
        guard configuration.initRange.isFinite && configuration.initRange >= 0 else {
            throw SynapticRLError.invalidParameter("initial weight range must be finite and non-negative")
        }
        guard configuration.batchSize >= 1, configuration.resampleEvery >= 1, configuration.evaluateEvery >= 0,
              (configuration.gradientBatchSize ?? 1) >= 1 else {
            throw SynapticRLError.invalidParameter("batch sizes and the resampling interval must be at least 1, the evaluation interval at least 0")
        }
        try configuration.settings.validate()
        guard configuration.trials >= 1 else { throw SynapticRLError.invalidParameter("trials must be at least 1, got \(configuration.trials)") }
        guard configuration.trials == 1 || configuration.method == .synrl else {
            throw SynapticRLError.invalidParameter("trials stack synaptic-RL networks: use method synrl or one trial")
        }
        guard !(configuration.checkFirstLayer && configuration.trials > 1) else {
            throw SynapticRLError.invalidParameter("the first-layer check compares one trial: use it without trials")
        }
        guard configuration.checkpointEvery >= 0 else { throw SynapticRLError.invalidParameter("the checkpoint interval must be 0 or more") }
        guard configuration.checkpointEvery == 0 || (configuration.method == .synrl && (output != nil || parallel != nil)) else {
            throw SynapticRLError.invalidParameter("checkpoints are for synrl runs with a run folder")
        }
        guard parallel == nil || configuration.method == .synrl else {
            throw SynapticRLError.invalidParameter("data-parallel runs are synaptic-RL runs")
        }
        if let resume {
            guard configuration.method == .synrl, resume.trials.count == configuration.trials else {
                throw SynapticRLError.invalidParameter("a checkpoint resumes the synrl run it came from")
            }
            guard RunRecord.fingerprint(data.train) == resume.dataHash else {
                throw SynapticRLError.invalidData("\(data.path) is not the data this run trained on (its fingerprint differs from the checkpoint's)")
            }
        }

        let (training, validation, split) = try splitData(data, configuration: configuration)
        log("data: \(data.train.name) from \(data.path), \(data.train.count) images \(data.train.width)×\(data.train.height), "
            + "per class " + data.train.countsPerClass.map(String.init).joined(separator: "/"))
        if !data.skipped.isEmpty {
            log("skipped \(data.skipped.count) unreadable file\(data.skipped.count == 1 ? "" : "s"): " + data.skipped.joined(separator: ", "))
        }
        log("split: \(split); \(training.count) training, \(validation.count) validation")

        let sizes = [training.pixelsPerImage] + configuration.hiddenUnits + [training.classCount]
        let trials = configuration.trials
        var networks = try resume?.trials.map(\.network) ?? (0..<trials).map { trial in
            var network = try Network(sizes: sizes, activations: configuration.hiddenUnits.map { _ in .relu } + [.identity])
            var initial = CounterStream(seed: configuration.trialSeed(trial), stream: .initialWeights)
            switch configuration.initialization {
            case .uniform: network.initialize(weightRange: configuration.initRange, using: &initial)
            case .orthogonal: try network.initializeOrthogonal(using: &initial)
            }
            return network
        }
        if configuration.method == .lstsq && !configuration.hiddenUnits.isEmpty {
            throw SynapticRLError.invalidParameter("lstsq fits a linear classifier: use no hidden layers")
        }
        log("network: \(sizes.map(String.init).joined(separator: "-"))\(configuration.hiddenUnits.isEmpty ? "" : ", ReLU hidden"), softmax cross-entropy, \(networks[0].synapseCount) parameters"
            + (trials > 1 ? ", \(trials) trials (seeds \(configuration.seed)…\(configuration.trialSeed(trials - 1)))" : ""))

        if let output, resume == nil {
            try AtomicFile.createFolder(output)
            try RunRecord(configuration: configuration, data: data, sizes: sizes, split: split)
                .save(to: output.appendingPathComponent("configuration.json"))
        }
        /// Where trial k's files go: the run folder itself for a single trial.
        let trialFolders: [URL?] = (0..<trials).map { trial in
            trials == 1 ? output : output?.appendingPathComponent("trial-\(configuration.trialSeed(trial))")
        }
        for case let folder? in trialFolders where trials > 1 {
            try AtomicFile.createFolder(folder)
        }
        let metrics = trialFolders.enumerated().map { trial, folder in
            MetricsLog(url: folder?.appendingPathComponent("metrics.csv"), rows: resume?.trials[trial].metrics ?? [])
        }
        var tallies = resume?.trials.map(\.tally) ?? [ActionTally](repeating: ActionTally(), count: trials)
        let every = configuration.evaluateEvery > 0 ? configuration.evaluateEvery
            : defaultEvaluationInterval(configuration, trainingCount: training.count, validationCount: validation.count)
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { (resume?.elapsedSeconds ?? 0) + Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }
        let threads = configuration.settings.threads
        var lastValidation = metrics[0].rows.last?.validation.accuracy
        var lastScores = [(train: Evaluation, validation: Evaluation)?](repeating: nil, count: trials)
        var completed = configuration.iterations
        /// Evaluate at every `every`-th iteration, at the last, and where the run is asked to stop.
        func isEvaluationPoint(_ iteration: Int, stopping: Bool) -> Bool {
            stopping || iteration % every == 0 || iteration == configuration.iterations
        }
        let profile = configuration.profile ? PhaseProfile() : nil
        let firstLayer = configuration.method == .synrl ? configuration.firstLayer.resolved(resampleEvery: configuration.resampleEvery) : nil
        var agreement: RewardAgreement?
        func timed<Result>(_ phase: String, _ body: () throws -> Result) rethrows -> Result {
            try profile.map { try $0.measure(phase, body) } ?? body()
        }
        /// Scores both sets, appends the trial's metrics row and reports trial 0's.
        func evaluate(_ network: Network, trial: Int = 0, iteration: Int, minibatchLoss: Double, tally: ActionTally, step: Float) throws {
            guard parallel?.isLead ?? true else { return }  // one process scores and logs
            let (score, trainScore) = try timed("evaluation") {
                (try Evaluation.score(network, on: validation, threads: threads),
                 try Evaluation.score(network, on: training, threads: threads))
            }
            try timed("logging") {
                try metrics[trial].append(MetricsLog.Row(
                    iteration: iteration, minibatchLoss: minibatchLoss, train: trainScore, validation: score,
                    rewardPlusFraction: tally.rewardFraction, actionFractions: tally.fractions, step: step, seconds: elapsed()))
                lastScores[trial] = (trainScore, score)
                guard trial == 0 else { return }
                lastValidation = score.accuracy
                progress(Progress(iteration: iteration, iterations: configuration.iterations, loss: minibatchLoss,
                                  validationAccuracy: score.accuracy, seconds: elapsed(), isEvaluation: true))
            }
        }
        func report(iteration: Int, loss: Double) {
            progress(Progress(iteration: iteration, iterations: configuration.iterations, loss: loss,
                              validationAccuracy: lastValidation, seconds: elapsed(), isEvaluation: false))
        }

        switch configuration.method {
        case .synrl:
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
                    trainer.restore(iteration: resume.iteration, state: saved.state, table: saved.table, average: saved.average,
                                    loss: saved.loss)
                }
                task.restore(batchNumber: resume.batchNumber, firstLayer: resume.firstLayer)
                log("resumed after iteration \(resume.iteration) of \(configuration.iterations)")
            }
            let checkpointURL = output?.appendingPathComponent(Checkpoint.fileName)  // the lead's only, in a data-parallel run
            if let checkpointURL { AtomicFile.removeLeftovers(of: checkpointURL) }
            var checkpointIteration = resume?.iteration
            /// Everything to continue after `iteration`, written atomically over the previous checkpoint.
            func saveCheckpoint(after iteration: Int) throws {
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
                do {
                    for (trial, trainer) in trainers.enumerated() {
                        let reward = try trainer.learn(newLoss: task.losses[trial])
                        tallies[trial].add(actions: trainer.state.actions, reward: reward)
                    }
                } catch {
                    throw failing(error)
                }
                let stopping = iteration < configuration.iterations && (parallel.map { $0.agree(shouldStop()) } ?? shouldStop())
                // The order keeps a resumed run identical to one left alone: the regular evaluation, then the
                // checkpoint, then (only when stopping) an extra evaluation for the interrupted run's artefacts.
                let regular = isEvaluationPoint(iteration, stopping: false)
                func evaluateTrials() throws {
                    for (trial, trainer) in trainers.enumerated() {
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
                if !regular && !stopping && iteration % Self.liveUpdateInterval == 0 { report(iteration: iteration, loss: trainers[0].loss) }
                if stopping {
                    completed = iteration
                    break
                }
            }
            if completed == configuration.iterations, let checkpointURL {
                try? FileManager.default.removeItem(at: checkpointURL)  // the finished run's files supersede it
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
        case .gd:
            let descent = try GradientDescent(network: networks[0], training: training, learningRate: configuration.learningRate,
                                              batchSize: configuration.gradientBatchSize, seed: configuration.seed, threads: threads)
            for iteration in 1...configuration.iterations {
                let loss = timed("gradient step") { descent.step() }
                guard loss.isFinite else { throw SynapticRLError.numerical("the loss became \(loss) at iteration \(iteration)") }
                let stopping = iteration < configuration.iterations && shouldStop()
                if isEvaluationPoint(iteration, stopping: stopping) {
                    try evaluate(descent.network, iteration: iteration, minibatchLoss: loss, tally: ActionTally(),
                                 step: configuration.learningRate)
                } else {
                    report(iteration: iteration, loss: loss)
                }
                if stopping {
                    completed = iteration
                    break
                }
            }
            networks = [descent.network]
        case .lstsq:
            let network = try LeastSquaresClassifier.fit(training, ridge: configuration.ridge)
            networks = [network]
            try evaluate(network, iteration: 1, minibatchLoss: try Evaluation.score(network, on: training, threads: threads).loss,
                         tally: ActionTally(), step: 0)
        }
        let seconds = elapsed()
        // Every method evaluates at its last iteration, so each trial's last metrics row scores its final weights.
        let summaries: [Summary] = !(parallel?.isLead ?? true) ? [] : (0..<trials).map { trial in
            guard let (trainScore, validationScore) = lastScores[trial] else { preconditionFailure("a run ends with an evaluation") }
            return Summary(
                dataSet: data.train.name, method: configuration.method.rawValue, hidden: configuration.hiddenUnits,
                parameters: networks[trial].synapseCount, seed: configuration.trialSeed(trial), iterations: completed,
                trainAccuracy: trainScore.accuracy, validationAccuracy: validationScore.accuracy,
                trainLoss: trainScore.loss, validationLoss: validationScore.loss, seconds: seconds,
                iterationsPerSecond: Double(completed) / seconds, split: split, interrupted: completed < configuration.iterations,
                firstLayer: firstLayer, rewardAgreement: agreement)
        }
        let profileText = profile.map { profile in
            let total = profile.totalSeconds
            return profile.report(iterations: completed, totalSeconds: total,
                                  referenceGEMMRate: PhaseProfile.measureReferenceGEMMRate())
        }
        for ((summary, network), folder) in zip(zip(summaries, networks), trialFolders) {
            guard let folder else { continue }
            try WeightsFile.save(network, to: folder.appendingPathComponent("weights.bin"))
            try AtomicFile.writeJSON(summary, to: folder.appendingPathComponent("summary.json"))
        }
        if let output {
            if let profileText { try AtomicFile.write(Data(profileText.utf8), to: output.appendingPathComponent("profile.txt")) }
            if trials > 1 { try AtomicFile.writeJSON(summaries, to: output.appendingPathComponent("trials.json")) }
        }
        return Outcome(summaries: summaries, networks: networks, profile: profileText)
    }

    /// 50 evaluations per run, but never so often that scoring the training and validation sets costs more than
    /// 5% of the run: for synrl an evaluation is (train + validation) / batch forward passes against one per
    /// iteration; for gd an iteration is a forward and backward pass over the training set, ≥ 2 forward passes.
    /// An evaluation also converts every image to Float and reduces the loss in Double, which `--profile`
    /// measured (Fashion-MNIST, 784-10) at 135 ms per evaluation against 2.1 ms per iteration: hence 110 rather
    /// than 20 times the pass ratio, 1320 iterations between evaluations there.
    static func defaultEvaluationInterval(_ configuration: Configuration, trainingCount: Int, validationCount: Int) -> Int {
        let evaluationCost = Double(trainingCount + validationCount)
        let iterationCost = configuration.method == .synrl
            ? Double(min(configuration.batchSize, trainingCount)) : 2 * Double(configuration.gradientBatchSize ?? trainingCount)
        let cheapest = Int((110 * evaluationCost / iterationCost).rounded(.up))
        return min(max(configuration.iterations / 50, cheapest, 1), configuration.iterations)
    }

    static func splitData(_ data: DataSource.Loaded, configuration: Configuration)
        throws -> (LabeledImages, LabeledImages, String) {
        if configuration.useTestSplit {
            guard let test = data.test else {
                throw SynapticRLError.invalidData("\(data.path) ships no test split (t10k-* files)")
            }
            return (data.train, test, "the data set's own test split")
        }
        let split = try DataSplit(count: data.train.count, validationFraction: configuration.validationFraction,
                                  seed: configuration.seed)
        return (try data.train.subset(split.training), try data.train.subset(split.validation, name: data.train.name + " (validation)"),
                "seeded \(Int(((1 - configuration.validationFraction) * 100).rounded()))/\(Int((configuration.validationFraction * 100).rounded())) split of the training images (seed \(configuration.seed))")
    }
}
