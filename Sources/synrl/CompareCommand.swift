import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments
import SynapticRLCommandSupport

struct CompareCommand: LibraryCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Synaptic RL against its gradient-free peers and gradient descent at equal budgets of forward-equivalents.",
        discussion: """
            Runs each method × seed on one data set, network, split and minibatch schedule (seed k: the same split, \
            initial weights and minibatches for every method), each long enough to spend the largest budget, scored \
            exactly where it has spent each budget (a sample forward pass counts 1, a backward pass 2; scoring is \
            not charged) and at log-spaced points between. Writes OUT/comparison.md (validation accuracy, mean ± sd, \
            at each budget and the best seen, with what each method spent), comparison.csv (every scored row), \
            comparison.json and OUT/runs/<method>-seed<k>/, each a synrl train run folder. Figure: make figures RUN=OUT \
            (comparison.png: validation accuracy against forward-equivalents, log scale, one band per method).
            """)

    @OptionGroup var dataSet: DataSetOption
    @Option(help: "Methods, comma-separated (default: all iterative ones: \(CompareCommand.allMethods.map(\.rawValue).joined(separator: ","))).")
    var methods: String?
    @Option(help: "Seeds per method: seed, seed+1, … (the same for every method).")
    var seeds = 3
    @Option(help: "Budgets of forward-equivalents, comma-separated, rising (1e7 notation accepted).")
    var budget = "1e7,1e8,1e9"
    @Option(help: "Multiply every budget by this (e.g. 0.01 for a quick look).")
    var scale = 1.0
    @OptionGroup var classification: ClassificationOptions
    @OptionGroup var rule: SynapticRuleOptions<ClassificationRuleDefaults>
    @OptionGroup var peers: PeerOptions
    @Option(name: .customLong("learning-rate"), help: "gd and sgd learning rate.")
    var learningRate: Float = 0.1
    @OptionGroup var threads: ThreadsOption
    @OptionGroup var output: RunFolderOptions<Folder>
    @Flag(help: "Continue the comparison OUT holds (started with the same flags): finished runs are kept, a checkpointed one continues.")
    var resume = false
    @OptionGroup var narration: QuietOption

    static let allMethods: [ClassificationExperiment.Method] = [.synrl, .random, .hillclimb, .spsa, .es, .signsgd, .sgd, .gd]

    enum Folder: RunFolderKind {
        static let name = "compare"
        static let isSeeded = false
        static let contents = "comparison.md, comparison.csv, comparison.json and runs/"
        static let resumedBy: String? = "synrl compare --resume"
    }

    func validate() throws {
        guard classification.evalEvery == 0 else {
            throw ValidationError("--eval-every does not apply: compare scores where each budget is spent and at log-spaced points")
        }
        if resume && output.overwrite { throw ValidationError("--resume continues OUT and --overwrite replaces it: give one") }
        if resume && output.out == nil { throw ValidationError("--resume needs --out, the comparison to continue") }
        _ = try parsedMethods()
        _ = try budgets()
    }

    func parsedMethods() throws -> [ClassificationExperiment.Method] {
        guard let methods else { return Self.allMethods }
        return try methods.split(separator: ",", omittingEmptySubsequences: false).map { name in
            guard let method = ClassificationExperiment.Method(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--methods: '\(name)' is not a method (\(ClassificationExperiment.Method.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return method
        }
    }

    func budgets() throws -> [Double] {
        try budget.split(separator: ",", omittingEmptySubsequences: false).map { text in
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 1 else {
                throw ValidationError("--budget takes numbers of forward-equivalents ≥ 1 such as 1e7, got '\(text)'")
            }
            return value
        }
    }

    func execute() throws {
        narration.apply()
        var base = ClassificationExperiment.Configuration()
        try classification.apply(to: &base)
        rule.apply(to: &base.settings)  // synrl's and random's (static: the authors' table, or uniform moves)
        base.learningRate = learningRate
        threads.apply(to: &base.settings)
        let methods = try parsedMethods()
        try peers.apply(to: &base.peer, methods: methods)
        let settings = try MethodComparison.Settings(methods: methods, seeds: seeds, budgets: try budgets(), scale: scale, base: base)
        let folder = try output.folder(seed: nil)
        try OutputPaths.check(outputs: [], inputs: dataSet.data.map { [("--data", URL(fileURLWithPath: $0))] } ?? [], runFolder: folder)
        if resume { try RunFolder.claimExisting(folder) } else { try output.claim(folder) }
        let loaded = try DataSource.load(path: dataSet.data)
        log("synrl compare: \(methods.map(\.rawValue).joined(separator: ", ")) × \(seeds) seed\(seeds == 1 ? "" : "s") from seed \(base.seed), "
            + "budgets \(settings.budgets.map(MethodComparison.scientific).joined(separator: ", ")) forward-equivalents, into \(folder.path)")
        let stop = StopSignal()
        let reporter = ProgressReporter(enabled: !narration.quiet)
        let outcome = try MethodComparison.run(settings, data: loaded, folder: folder, resume: resume, log: { line in
            reporter.startNextRun()
            log(line)
        }, progress: { report in
            let validation = report.validationAccuracy.map { String(format: "  validation %.2f%%", $0 * 100) } ?? ""
            reporter.report(iteration: report.iteration, of: report.iterations, seconds: report.seconds,
                            fields: String(format: "loss %.5f", report.loss) + validation, milestone: false)
        }, shouldStop: { stop.isRequested })
        reporter.finish()
        print(outcome.markdown, terminator: "")
        log("table and runs in \(folder.path); figure: make figures RUN=\(folder.path)")
        if outcome.interrupted, let number = stop.signalNumber {
            log("interrupted: synrl compare --resume --out \(folder.path) (with the same flags) continues it")
            throw ExitCode(128 + number)
        }
    }
}
