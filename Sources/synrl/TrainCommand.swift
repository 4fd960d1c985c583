import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments
import SynapticRLCommandSupport

struct TrainCommand: LibraryCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an OCR network (paper §3, Table 1): synaptic RL with a static policy, or gradient descent.",
        discussion: """
            Data: --data names a folder of IDX files (MNIST layout, plain or .gz), a folder of class folders of \
            PNGs (notMNIST) or a .tar/.tar.gz of one, or an .npz (images, labels); without it, Debian's \
            Fashion-MNIST (/usr/share/datasets/fashion-mnist). Pixels are scaled to [0, 1] and split 75/25 \
            (seeded) unless --test-split. Method synrl applies the authors' golden table statically unless \
            --policy/--adaptive say otherwise; method gd is full-batch gradient descent with backpropagation.
            """)

    enum Preset: String, ExpressibleByArgument, CaseIterable {
        case paper, authors
    }

    @Option(help: "Data set: a folder of IDX files (plain or .gz), a folder of class folders of PNGs (notMNIST), a .tar/.tar.gz of those, or an .npz. Default: Debian's Fashion-MNIST.")
    var data: String?
    @Flag(name: .customLong("test-split"), help: "Validate on the data set's own test split instead of a 75/25 split.")
    var testSplit = false
    @Option(help: "synrl (synaptic RL), gd (full-batch gradient descent) or lstsq (closed-form ridge least squares, linear).")
    var method: ClassificationExperiment.Method = .synrl
    @Option(help: "Hidden layer sizes, comma-separated; 0 for none (the paper: 0 and 32).")
    var hidden = "0"
    @Option(help: "Iterations. Default: synrl 200000 (0 hidden) / 500000; gd 3000 / 6000.")
    var iterations: Int?
    @Option(help: "Seed of the split, the initial weights, the minibatches and every action.")
    var seed: UInt64 = 1
    @Option(help: "paper (default) or authors: the authors' code where it differs (bias step ×2, no loss re-evaluation at a minibatch switch, step halved at 100k with hidden units).")
    var preset: Preset = .paper
    @Option(help: "ε: probability of a uniformly random action.")
    var epsilon = 0.1
    @Option(help: "α_s: how far one action moves a weight.")
    var step: Float = 1e-4
    @Option(name: .customLong("step-schedule"), help: "ITERATION:FACTOR[,…]: multiply the step from that iteration on. Default: 60000:0.5 with hidden units (the paper), none without.")
    var stepSchedule: String?
    @Option(name: .customLong("bias-step-multiplier"), help: "Bias synapses move by step × this. Default 1 (authors preset: 2).")
    var biasStepMultiplier: Float?
    @Option(help: "A policy file to apply instead of the authors' golden table.")
    var policy: String?
    @Flag(help: "Keep learning the table (Q-learning) instead of applying it frozen.")
    var adaptive = false
    @Option(name: .customLong("q-rate"), help: "α_q, with --adaptive.")
    var qRate = 0.01
    @Option(help: "γ, with --adaptive.")
    var gamma = 0.9
    @Option(name: .customLong("batch-size"), help: "synrl minibatch size.")
    var batchSize = 5000
    @Option(name: .customLong("resample-every"), help: "synrl: draw a new minibatch every N iterations.")
    var resampleEvery = 5000
    @Flag(name: .customLong("no-reevaluate"), help: "At a minibatch switch keep the old batch's loss (the authors' code).")
    var noReevaluate = false
    @Option(name: .customLong("init-range"), help: "Initial weights U(-r, r), biases 0.")
    var initRange: Float = 0.1
    @Option(help: "Initial weights: uniform (U(-r, r), biases 0) or orthogonal (QR of a Gaussian, biases 0).")
    var `init`: ClassificationExperiment.Initialization = .uniform
    @Option(help: "λ of the lstsq baseline.")
    var ridge = 1.0
    @Option(name: .customLong("learning-rate"), help: "gd learning rate.")
    var learningRate: Float = 0.1
    @Option(help: "gd: minibatch SGD with this batch size, a fresh seeded minibatch each step (default: full batch).")
    var batch: Int?
    @Option(name: .customLong("eval-every"), help: "Score training and validation sets every N iterations (0: 50 times a run, at most 5% of its cost).")
    var evalEvery = 0
    @Option(help: "Threads for our kernels and OpenBLAS (results do not depend on it).")
    var threads = 1
    @Option(help: "Run folder (configuration, metrics.csv, policy, weights.bin, summary.json); it must not hold a run already. Default: runs/train-<time>-<seed>.")
    var out: String?
    @Flag(help: "Replace the run that --out holds (its synrl files are removed first); to continue an interrupted run, use synrl resume instead.")
    var overwrite = false
    @Option(help: "Also write the final summary as JSON to this file.")
    var summary: String?
    @Flag(help: "Time every phase (sweep, each layer's GEMM and activation, loss, Q update, resampling, evaluation, logging) and print the table; also written to the run folder as profile.txt.")
    var profile = false
    @Option(name: .customLong("first-layer"), help: "synrl: auto (incremental on AVX2 CPUs when the minibatch is kept ≥ \(FirstLayerPath.minimumResampleEvery) iterations), dense (a GEMM every iteration) or incremental (exact 8-bit × ternary updates of the first layer).")
    var firstLayer: FirstLayerPath = .auto
    @Flag(name: .customLong("check-first-layer"), help: "synrl, incremental first layer: evaluate densely as well each iteration and report how often the two rewards agree (slower).")
    var checkFirstLayer = false
    @Option(help: "synrl: train K independent networks together (seeds SEED…SEED+K−1 for weights and actions, one minibatch schedule), their first layers stacked so one GEMM or integer update serves all; each trial's files go to OUT/trial-<seed>.")
    var trials = 1
    @Option(name: .customLong("checkpoint-every"), help: "synrl: write the run folder's checkpoint.bin every N iterations (0: never); synrl resume continues from it. SIGINT/SIGTERM write one too.")
    var checkpointEvery = 10_000
    @Flag(help: "No progress output.")
    var quiet = false

    func validate() throws {
        if let iterations, iterations < 1 { throw ValidationError("--iterations must be at least 1") }
        guard evalEvery >= 0 else { throw ValidationError("--eval-every must be 0 or more") }
        guard resampleEvery >= 1 else { throw ValidationError("--resample-every must be at least 1") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1") }
        guard checkpointEvery >= 0 else { throw ValidationError("--checkpoint-every must be 0 or more") }
        if trials > 1 && method != .synrl { throw ValidationError("--trials stacks synaptic-RL networks: it needs --method synrl") }
        if checkFirstLayer && trials > 1 { throw ValidationError("--check-first-layer compares one trial: not with --trials") }
        if checkFirstLayer && firstLayer == .dense { throw ValidationError("--check-first-layer compares the incremental path with the dense one: not with --first-layer dense") }
        _ = try hiddenSizes()
    }

    func hiddenSizes() throws -> [Int] {
        do {
            return try ClassificationExperiment.Configuration.hiddenUnits(parsing: hidden)
        } catch let error as SynapticRLError {
            throw ValidationError(error.detail)
        }
    }

    func execute() throws {
        let summaryURL = try summary.map { try pathFlag($0, "--summary") }
        let folder = try out.map { try pathFlag($0, "--out") } ?? defaultRunFolder("train", seed: seed)
        var configuration = ClassificationExperiment.Configuration()
        configuration.method = method
        configuration.hiddenUnits = try hiddenSizes()
        configuration.iterations = iterations
            ?? ClassificationExperiment.Configuration.defaultIterations(hidden: configuration.hiddenUnits, method: method)
        configuration.seed = seed
        configuration.settings.epsilon = epsilon
        configuration.settings.step = step
        configuration.settings.threads = threads
        configuration.settings.qLearningRate = qRate
        configuration.settings.discount = gamma
        configuration.settings.biasStepMultiplier = biasStepMultiplier ?? (preset == .authors ? 2 : 1)
        configuration.reevaluateAtSwitch = !noReevaluate && preset == .paper
        let defaultHalving = preset == .authors ? "100000:0.5" : "60000:0.5"
        configuration.schedule = try StepSchedule(parsing: stepSchedule ?? (configuration.hiddenUnits.isEmpty ? "" : defaultHalving))
        configuration.batchSize = batchSize
        configuration.resampleEvery = resampleEvery
        configuration.initRange = initRange
        configuration.learningRate = learningRate
        configuration.gradientBatchSize = batch
        configuration.evaluateEvery = evalEvery
        configuration.useTestSplit = testSplit
        configuration.initialization = `init`
        configuration.ridge = ridge
        configuration.profile = profile
        configuration.firstLayer = firstLayer
        configuration.checkFirstLayer = checkFirstLayer
        configuration.trials = trials
        configuration.checkpointEvery = method == .synrl ? checkpointEvery : 0
        var policyName = "authors' golden table"
        if let policy {
            let file = try PolicyFile.load(from: URL(fileURLWithPath: policy))
            configuration.table = file.table
            configuration.settings.historyLength = file.table.historyLength
            policyName = file.name
        }
        configuration.settings.adaptive = adaptive
        try configuration.validate()
        try OutputPaths.check(outputs: summaryURL.map { [("--summary", $0)] } ?? [],
                              inputs: [("--policy", policy), ("--data", data)].compactMap { flag, path in path.map { (flag, URL(fileURLWithPath: $0)) } },
                              runFolder: folder)
        try RunFolder.claimNew(folder, overwrite: overwrite)

        let loaded = try DataSource.load(path: data)
        if method == .synrl {
            log("synrl train: synaptic RL, \(adaptive ? "adaptive" : "static") policy \(policyName), seed \(seed), "
                + "\(configuration.iterations) iterations, ε \(epsilon), step \(step)"
                + (configuration.schedule.changes.isEmpty ? "" : " (schedule \(configuration.schedule.description))")
                + ", bias step ×\(configuration.settings.biasStepMultiplier), minibatch \(batchSize) redrawn every \(resampleEvery)"
                + (configuration.reevaluateAtSwitch ? " (loss re-evaluated at a switch)" : " (old loss kept at a switch)"))
        } else if method == .lstsq {
            log("synrl train: ridge least squares on one-hot targets, λ \(ridge)")
        } else {
            log("synrl train: \(batch.map { "minibatch SGD (batch \($0))" } ?? "full-batch gradient descent"), learning rate \(learningRate), seed \(seed), \(configuration.iterations) iterations")
        }
        try TrainingSession.run(configuration, data: loaded, folder: folder, quiet: quiet, summary: summaryURL)
    }
}
