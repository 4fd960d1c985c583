import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments
import SynapticRLCommandSupport

struct TrainCommand: LibraryCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an OCR network (paper §3, Table 1): synaptic RL with a static policy, one of its gradient-free peers, or gradient descent.",
        discussion: """
            Data: --data names a folder of IDX files (MNIST layout, plain or .gz), a folder of class folders of \
            PNGs (notMNIST) or a .tar/.tar.gz of one, or an .npz (images, labels); without it, Debian's \
            Fashion-MNIST (/usr/share/datasets/fashion-mnist). Pixels are scaled to [0, 1] and split 75/25 \
            (seeded) unless --test-split. Method synrl applies the authors' golden table statically unless \
            --policy/--adaptive say otherwise; the other methods share its network, loss, split, minibatch schedule \
            and seed (docs/methods.md): random, hillclimb, spsa, es, signsgd, sgd, gd (full-batch gradient descent \
            with backpropagation) and lstsq. Every metrics row and summary.json count the sample forward and \
            backward passes training spent.
            """)

    @OptionGroup var dataSet: DataSetOption
    @Option(help: "synrl (synaptic RL); random (every synapse a uniformly random ternary move), hillclimb (ternary moves kept if the minibatch loss fell), spsa, es (evolution strategies), signsgd (the gradient's sign times the step), sgd (minibatch, --batch-size unless --batch), gd (full-batch gradient descent); lstsq (closed-form ridge least squares, linear).")
    var method: ClassificationExperiment.Method = .synrl
    @OptionGroup var classification: ClassificationOptions
    @Option(help: "Iterations. Default: synrl, random, hillclimb, signsgd 200000 (0 hidden) / 500000; spsa 100000 / 250000; es 4000 / 10000; gd, sgd 3000 / 6000.")
    var iterations: Int?
    @OptionGroup var rule: ClassificationRuleOptions
    @Option(name: .customLong("init-range"), help: "Initial weights U(-r, r), biases 0.")
    var initRange: Float = 0.1
    @Option(help: "Initial weights: uniform (U(-r, r), biases 0) or orthogonal (QR of a Gaussian, biases 0).")
    var `init`: ClassificationExperiment.Initialization = .uniform
    @Option(help: "λ of the lstsq baseline.")
    var ridge = 1.0
    @Option(name: .customLong("learning-rate"), help: "gd and sgd learning rate.")
    var learningRate: Float = 0.1
    @Option(help: "gd: minibatch SGD with this batch size, a fresh seeded minibatch each step (default: full batch); sgd: its batch size (default: --batch-size).")
    var batch: Int?
    @OptionGroup var peers: PeerOptions
    @OptionGroup var threads: ThreadsOption
    @OptionGroup var output: RunFolderOptions<Folder>
    @OptionGroup var summary: SummaryOption
    @Flag(help: "Time every phase (sweep, each layer's GEMM and activation, loss, Q update, resampling, evaluation, logging) and print the table; also written to the run folder as profile.txt.")
    var profile = false
    @Flag(name: .customLong("check-first-layer"), help: "synrl, incremental first layer: evaluate densely as well each iteration and report how often the two rewards agree (slower).")
    var checkFirstLayer = false
    @Option(help: "synrl: train K independent networks together (seeds SEED…SEED+K−1 for weights and actions, one minibatch schedule), their first layers stacked so one GEMM or integer update serves all; each trial's files go to OUT/trial-<seed>.")
    var trials = 1
    @OptionGroup var checkpoint: CheckpointOption
    @OptionGroup var narration: QuietOption

    enum Folder: RunFolderKind {
        static let name = "train"
        static let isSeeded = true
        static let contents = "configuration, metrics.csv, policy, weights.bin, summary.json"
        static let resumedBy: String? = "synrl resume"
    }

    func validate() throws {
        if let iterations, iterations < 1 { throw ValidationError("--iterations must be at least 1") }
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1") }
        if rule.adaptive && method != .synrl { throw ValidationError("--adaptive learns synaptic RL's table: it needs --method synrl") }
        if trials > 1 && !method.isSynapticEngine { throw ValidationError("--trials stacks synaptic-RL networks: it needs --method synrl or random") }
        if checkFirstLayer && trials > 1 { throw ValidationError("--check-first-layer compares one trial: not with --trials") }
        if checkFirstLayer && classification.firstLayer == .dense { throw ValidationError("--check-first-layer compares the incremental path with the dense one: not with --first-layer dense") }
    }

    func execute() throws {
        narration.apply()
        let summaryURL = try summary.url()
        let folder = try output.folder(seed: classification.seed)
        let (configuration, policyName) = try makeConfiguration()
        try OutputPaths.check(outputs: summaryURL.map { [("--summary", $0)] } ?? [],
                              inputs: [("--policy", rule.policy), ("--data", dataSet.data)].compactMap { flag, path in path.map { (flag, URL(fileURLWithPath: $0)) } },
                              runFolder: folder)
        try output.claim(folder)

        let loaded = try DataSource.load(path: dataSet.data)
        log(startLine(configuration, policyName: policyName))
        try TrainingSession.run(configuration, data: loaded, folder: folder, quiet: narration.quiet, summary: summaryURL)
    }

    /// The flags as a validated configuration, and the name of the table it applies.
    private func makeConfiguration() throws -> (ClassificationExperiment.Configuration, policyName: String) {
        var configuration = ClassificationExperiment.Configuration()
        configuration.method = method
        try classification.apply(to: &configuration)
        configuration.iterations = iterations
            ?? ClassificationExperiment.Configuration.defaultIterations(hidden: configuration.hiddenUnits, method: method)
        let policyName = try rule.apply(to: &configuration)
        threads.apply(to: &configuration.settings)
        configuration.initRange = initRange
        configuration.learningRate = learningRate
        configuration.gradientBatchSize = batch
        configuration.initialization = `init`
        configuration.ridge = ridge
        try peers.apply(to: &configuration.peer, methods: [method])
        configuration.profile = profile
        configuration.checkFirstLayer = checkFirstLayer
        configuration.trials = trials
        checkpoint.apply(to: &configuration)
        try configuration.validate()
        return (configuration, policyName)
    }

    /// What the run is, in one line.
    private func startLine(_ configuration: ClassificationExperiment.Configuration, policyName: String) -> String {
        switch method {
        case .synrl, .random:
            let settings = configuration.settings
            if method == .random {
                return "synrl train: random ternary moves (every synapse uniformly −/0/+ each iteration), seed \(configuration.seed), \(configuration.iterations) iterations, step \(settings.step), minibatch \(configuration.batchSize) redrawn every \(configuration.resampleEvery)"
            }
            return "synrl train: synaptic RL, \(settings.adaptive ? "adaptive" : "static") policy \(policyName), seed \(configuration.seed), "
                + "\(configuration.iterations) iterations, ε \(settings.epsilon), step \(settings.step)"
                + (configuration.schedule.changes.isEmpty ? "" : " (schedule \(configuration.schedule.description))")
                + ", bias step ×\(settings.biasStepMultiplier), minibatch \(configuration.batchSize) redrawn every \(configuration.resampleEvery)"
                + (configuration.reevaluateAtSwitch ? " (loss re-evaluated at a switch)" : " (old loss kept at a switch)")
        case .lstsq:
            return "synrl train: ridge least squares on one-hot targets, λ \(ridge)"
        case .gd, .sgd:
            return "synrl train: \(configuration.gradientSteppingBatch.map { "minibatch SGD (batch \($0))" } ?? "full-batch gradient descent"), learning rate \(learningRate), seed \(configuration.seed), \(configuration.iterations) iterations"
        case .hillclimb, .signsgd:
            return "synrl train: \(method == .hillclimb ? "hill climbing (ternary moves kept if the minibatch loss fell)" : "signSGD (the minibatch gradient's sign)"), step \(method == .hillclimb ? configuration.peer.hillclimbStep : configuration.peer.signsgdStep), seed \(configuration.seed), \(configuration.iterations) iterations, minibatch \(configuration.batchSize) redrawn every \(configuration.resampleEvery)"
        case .spsa:
            let peer = configuration.peer
            return "synrl train: SPSA, a \(peer.spsaGain), c \(peer.spsaPerturbation), A \(peer.spsaStability), α \(peer.spsaAlpha), γ \(peer.spsaGamma), \(peer.spsaAverages) estimate(s) a step, seed \(configuration.seed), \(configuration.iterations) iterations, minibatch \(configuration.batchSize) redrawn every \(configuration.resampleEvery)"
        case .es:
            let peer = configuration.peer
            return "synrl train: evolution strategies, population \(peer.population), σ \(peer.esSigma), Adam learning rate \(peer.esLearningRate), weight decay \(peer.esWeightDecay), seed \(configuration.seed), \(configuration.iterations) iterations, minibatch \(configuration.batchSize) redrawn every \(configuration.resampleEvery)"
        }
    }
}
