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
    @OptionGroup var rule: SynapticRuleOptions<BoundaryRuleDefaults>
    @Option(help: "n: actions and rewards each synapse remembers (1...5; default 2).")
    var history: Int?
    @OptionGroup var ruleFile: RuleFileOption
    @Option(help: "Apply this policy file (JSON) statically; a general rule's policy file brings its rule unless --rule names one.")
    var policy: String?
    @Flag(help: "With --policy: keep learning the table instead of freezing it.")
    var adaptive = false
    @Option(name: .customLong("save-policy"), help: "Write the learned (or applied) policy to this JSON file.")
    var savePolicy: String?
    @Option(help: "Which table an adaptive run saves: average (running mean over the run) or final.")
    var export: PolicyExport = .average
    @Flag(inversion: .prefixedNo, help: "Average the saved table with its − ↔ + mirror image (adaptive runs).")
    var mirror = true
    @OptionGroup var summary: SummaryOption
    @OptionGroup var output: RunFolderOptions<Folder>
    @Option(name: .customLong("init-range"), help: "The learner's initial weights are U[-r, r), biases 0.")
    var initRange: Float = 0.5
    @Option(help: "Points in the data set.")
    var points = 2000
    @Option(help: "Hidden units of the target and the learner.")
    var hidden = 100
    @OptionGroup var threads: ThreadsOption
    @Option(name: .customLong("progress-every"), help: "Report progress every N iterations (0: iterations / 20).")
    var progressEvery = 0
    @OptionGroup var narration: QuietOption

    enum Folder: RunFolderKind {
        static let name = "boundary"
        static let isSeeded = true
        static let contents = "configuration.json, metrics.csv, policy.json, weights.bin, summary.json, grid.csv and points.csv for the figures"
        static let resumedBy: String? = nil
    }

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
        guard progressEvery >= 0 else { throw ValidationError("--progress-every must be 0 or more") }
        if adaptive && policy == nil && ruleFile.path == nil {
            throw ValidationError("--adaptive needs --policy (without it the run is adaptive already)")
        }
    }

    func execute() throws {
        narration.apply()
        let savePolicyURL = try savePolicy.map { try pathFlag($0, "--save-policy") }
        let summaryURL = try summary.url()
        let folder = try output.folder(seed: seed)
        let (configuration, policyName) = try makeConfiguration()
        try OutputPaths.check(outputs: [("--save-policy", savePolicyURL), ("--summary", summaryURL)].compactMap { flag, url in url.map { (flag, $0) } },
                              inputs: policy.map { [("--policy", URL(fileURLWithPath: $0))] } ?? [], runFolder: folder)
        try output.claim(folder)
        let settings = configuration.settings
        let mode = settings.adaptive ? "adaptive" : "static"
        log("synrl boundary: \(mode), policy \(policyName), seed \(seed), \(iterations) iterations, "
            + "2-\(hidden)-1 tanh on \(points) points, ε \(settings.epsilon), step \(settings.step)"
            + (settings.adaptive ? ", α_q \(settings.qLearningRate), γ \(settings.discount)" : "") + ", n \(settings.historyLength)")
        if let rule = configuration.rule { log("rule: \(configuration.ruleSource?.name ?? "given") (\(rule.summary))") }

        let reporter = ProgressReporter(enabled: !narration.quiet)
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
        let reached = result.iterationsTo95.map { "95% first at iteration \($0)" } ?? "95% not reached"
        print(String(format: "accuracy %.2f%% (from %.2f%%, max %.2f%%; chance %.2f%%; %@), loss %.6f (from %.6f), "
                     + "%d iterations in %.2f s, %.0f iterations/s",
                     result.accuracy * 100, result.initialAccuracy * 100, result.maxAccuracy * 100, result.chanceAccuracy * 100,
                     reached, result.loss, result.initialLoss,
                     result.iterations, result.seconds, result.iterationsPerSecond))
        if let savePolicyURL {
            try outcome.policy.save(to: savePolicyURL)
            log("policy written to \(savePolicyURL.path)")
        }
        if let summaryURL {
            try AtomicFile.writeJSON(result, to: summaryURL)
        }
        if result.interrupted, let number = stop.signalNumber {
            log("interrupted after \(result.iterations) iterations; the run folder \(folder.path) is complete up to there")
            throw ExitCode(128 + number)
        }
    }

    /// The flags as a validated configuration, and the name of the table it starts from.
    private func makeConfiguration() throws -> (BoundaryExperiment.Configuration, policyName: String) {
        var configuration = BoundaryExperiment.Configuration()
        configuration.seed = seed
        configuration.iterations = iterations
        rule.apply(to: &configuration.settings)
        configuration.settings.historyLength = history ?? 2
        let shorthands = rule.given + (history != nil ? ["--history"] : []) + (adaptive ? ["--adaptive"] : [])
        if let (file, source) = try ruleFile.load(refusing: shorthands) {
            (configuration.rule, configuration.ruleSource) = (file.rule, source)
        }
        configuration.shape.pointCount = points
        configuration.shape.hiddenUnits = hidden
        configuration.learnerWeightRange = initRange
        configuration.export = export
        configuration.mirrorSymmetric = mirror
        var policyName = "zeros"
        if let policy {
            let (loaded, source) = try PolicySource.loadEither(from: URL(fileURLWithPath: policy))
            switch loaded {
            case .paper(let file):
                if configuration.rule == nil {
                    guard file.table.historyLength == configuration.settings.historyLength else {
                        throw SynapticRLError.invalidPolicy(
                            "\(policy) remembers \(file.table.historyLength) steps; pass --history \(file.table.historyLength)")
                    }
                    configuration.settings.adaptive = adaptive
                }
                configuration.initialTable = file.table
                policyName = file.name
            case .rule(let file):
                if configuration.rule == nil {  // the file's own rule, frozen unless --adaptive
                    configuration.rule = file.applied(adaptive: adaptive)
                }
                configuration.initialRuleTable = file.table
                policyName = file.name
            }
            configuration.policySource = source
        }
        if let rule = configuration.rule {
            configuration.settings = rule.settings(threads: 1)
            if case .fixed = rule.policy, policy == nil { policyName = "none (a fixed map reads no table)" }
        }
        threads.apply(to: &configuration.settings)
        try configuration.validate()
        return (configuration, policyName)
    }
}
