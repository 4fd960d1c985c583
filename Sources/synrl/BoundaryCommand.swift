import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments
import SynapticRLCommandSupport

struct BoundaryCommand: LibraryCommand {
    static let configuration = CommandConfiguration(
        commandName: "boundary",
        abstract: "Random 2-D decision-boundary matching (2-100-1, tanh): learn a policy, or apply one statically.",
        discussion: """
            Without --policy the shared Q-table is learned from zeros (adaptive mode) and --save-policy writes it. \
            With --policy FILE that table is applied frozen to a new boundary (static mode), unless --adaptive.
            """)

    @Option(help: "Seed of the boundary, the points, the initial weights and every action.")
    var seed: UInt64 = 1
    @Option(help: "Iterations to run.")
    var iterations = 10_000
    @Option(help: "ε: probability of a uniformly random action.")
    var epsilon = 0.25
    @Option(help: "α_s: how far one action moves a weight.")
    var step: Float = 0.001
    @Option(name: .customLong("bias-step-multiplier"), help: "Bias synapses move by step × this (the authors' code: 2).")
    var biasStepMultiplier: Float = 1
    @Option(name: .customLong("q-rate"), help: "α_q: the Q-learning rate (adaptive mode).")
    var qRate = 0.01
    @Option(help: "γ: discount of future reward (adaptive mode).")
    var gamma = 0.9
    @Option(help: "n: actions and rewards each synapse remembers (1...5).")
    var history = 2
    @Option(help: "Apply this policy file (JSON) statically.")
    var policy: String?
    @Flag(help: "With --policy: keep learning the table instead of freezing it.")
    var adaptive = false
    @Option(name: .customLong("save-policy"), help: "Write the learned (or applied) policy to this JSON file.")
    var savePolicy: String?
    @Option(help: "Which table an adaptive run saves: average (running mean over the run) or final.")
    var export: PolicyExport = .average
    @Flag(inversion: .prefixedNo, help: "Average the saved table with its − ↔ + mirror image (adaptive runs).")
    var mirror = true
    @Option(help: "Also write the final summary as JSON to this file.")
    var summary: String?
    @Option(help: "Run folder (configuration.json, metrics.csv, policy.json, weights.bin, summary.json, grid.csv and points.csv for the figures); it must not hold a run already. Default: runs/boundary-<time>-<seed>.")
    var out: String?
    @Flag(help: "Replace the run that --out holds (its synrl files are removed first).")
    var overwrite = false
    @Option(name: .customLong("init-range"), help: "The learner's initial weights are U[-r, r), biases 0.")
    var initRange: Float = 0.5
    @Option(help: "Points in the data set.")
    var points = 2000
    @Option(help: "Hidden units of the target and the learner.")
    var hidden = 100
    @Option(help: "Threads for our kernels and OpenBLAS (results do not depend on it).")
    var threads = 1
    @Option(name: .customLong("progress-every"), help: "Report progress every N iterations (0: iterations / 20).")
    var progressEvery = 0
    @Flag(help: "No progress output.")
    var quiet = false

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
        guard progressEvery >= 0 else { throw ValidationError("--progress-every must be 0 or more") }
        if adaptive && policy == nil { throw ValidationError("--adaptive needs --policy (without it the run is adaptive already)") }
    }

    func execute() throws {
        let savePolicyURL = try savePolicy.map { try pathFlag($0, "--save-policy") }
        let summaryURL = try summary.map { try pathFlag($0, "--summary") }
        let folder = try out.map { try pathFlag($0, "--out") } ?? defaultRunFolder("boundary", seed: seed)
        var configuration = BoundaryExperiment.Configuration()
        configuration.seed = seed
        configuration.iterations = iterations
        configuration.settings.epsilon = epsilon
        configuration.settings.step = step
        configuration.settings.biasStepMultiplier = biasStepMultiplier
        configuration.settings.qLearningRate = qRate
        configuration.settings.discount = gamma
        configuration.settings.historyLength = history
        configuration.settings.threads = threads
        configuration.shape.pointCount = points
        configuration.shape.hiddenUnits = hidden
        configuration.learnerWeightRange = initRange
        configuration.export = export
        configuration.mirrorSymmetric = mirror
        var policyName = "zeros"
        if let policy {
            let file = try PolicyFile.load(from: URL(fileURLWithPath: policy))
            guard file.table.historyLength == history else {
                throw SynapticRLError.invalidPolicy(
                    "\(policy) remembers \(file.table.historyLength) steps; pass --history \(file.table.historyLength)")
            }
            configuration.initialTable = file.table
            configuration.settings.adaptive = adaptive
            policyName = file.name
        }
        try configuration.validate()
        try OutputPaths.check(outputs: [("--save-policy", savePolicyURL), ("--summary", summaryURL)].compactMap { flag, url in url.map { (flag, $0) } },
                              inputs: policy.map { [("--policy", URL(fileURLWithPath: $0))] } ?? [], runFolder: folder)
        try RunFolder.claimNew(folder, overwrite: overwrite)
        let mode = configuration.settings.adaptive ? "adaptive" : "static"
        log("synrl boundary: \(mode), policy \(policyName), seed \(seed), \(iterations) iterations, "
            + "2-\(hidden)-1 tanh on \(points) points, ε \(epsilon), step \(step), α_q \(qRate), γ \(gamma), n \(history)")

        let reporter = ProgressReporter(enabled: !quiet)
        let every = progressEvery > 0 ? progressEvery : max(iterations / 20, 1)
        log("run folder: \(folder.path)")
        let stop = StopSignal()
        let outcome = try BoundaryExperiment.run(configuration, progressEvery: every, output: folder,
                                                 shouldStop: { stop.isRequested }) { report in
            reporter.report(iteration: report.iteration, of: report.iterations, seconds: report.seconds,
                            fields: String(format: "loss %.6f  accuracy %.2f%%", report.loss, report.accuracy * 100))
        }
        reporter.finish()

        let result = outcome.summary
        print(String(format: "accuracy %.2f%% (max %.2f%%), loss %.6f (from %.6f), %d iterations in %.2f s, %.0f iterations/s",
                     result.accuracy * 100, result.maxAccuracy * 100, result.loss, result.initialLoss,
                     result.iterations, result.seconds, result.iterationsPerSecond))
        if let reached = result.iterationsTo95 { print("95% accuracy first reached at iteration \(reached)") }
        if let savePolicyURL {
            try outcome.policy.save(to: savePolicyURL)
            print("policy written to \(savePolicyURL.path)")
        }
        if let summaryURL {
            try AtomicFile.writeJSON(result, to: summaryURL)
        }
        if result.interrupted, let number = stop.signalNumber {
            log("interrupted after \(result.iterations) iterations; the run folder \(folder.path) is complete up to there")
            throw ExitCode(128 + number)
        }
    }
}
