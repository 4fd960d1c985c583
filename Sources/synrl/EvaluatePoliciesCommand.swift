import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments
import SynapticRLCommandSupport

struct EvaluatePoliciesCommand: LibraryCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-policies",
        abstract: "Apply several policies statically to held-out tasks, with seeds: how a searched table transfers.",
        discussion: """
            Every policy (the authors' table as 'authors', and each --policy NAME=FILE in the paper's policy format) is \
            applied frozen, with the paper's ε-greedy rule, to: boundary (the 2-D task on boundaries --first-boundary … \
            +--boundaries−1, held out from synrl evolve, which draws its boundaries from seeds ≥ 2^32), ocr (synrl \
            train's run with no flags: 784-10, the paper preset, its --seeds seeds stacked as trials) and hidden (the \
            same, 784-32-10). Writes OUT/evaluation.md (one row per policy), evaluation.csv (one line per policy × task \
            × boundary or seed), evaluation.json and OUT/runs/<task>/<policy>-…/, each a synrl boundary or train run \
            folder. docs/policy-evaluation.md explains the columns. Figure: make figures RUN=OUT (evaluation.png).
            """)

    @Option(name: .customLong("policy"), help: ArgumentHelp("A policy to evaluate beside the authors' table, as NAME=FILE (the paper's policy format; NAME names its run folders: letters, digits, '.', '_', '-'). Repeat for more.", valueName: "NAME=FILE"))
    var policies: [String] = []
    @Option(name: .customLong("out"), help: "The evaluation's folder: it must be missing or empty, unless --resume.")
    var output = "runs/evaluate-policies"
    @Flag(help: "Continue the evaluation OUT holds (started with the same flags): finished runs are kept, the others run again.")
    var resume = false
    @OptionGroup var dataSet: DataSetOption
    @Option(help: "OCR seeds, stacked as trials of one run per policy: 1 … K (the same for every policy).")
    var seeds = 5
    @Option(help: "How many 2-D boundaries.")
    var boundaries = 10
    @Option(name: .customLong("first-boundary"), help: "The first boundary's seed; the others follow it.")
    var firstBoundary: UInt64 = 101
    @Option(name: .customLong("boundary-iterations"), help: "Iterations on each boundary.")
    var boundaryIterations = 10_000
    @Option(name: .customLong("ocr-iterations"), help: "Iterations of the ocr task (784-10).")
    var ocrIterations = 50_000
    @Option(name: .customLong("hidden-iterations"), help: "Iterations of the hidden task (784-32-10).")
    var hiddenIterations = 100_000
    @Option(help: "Tasks, comma-separated: boundary, ocr, hidden.")
    var tasks = "boundary,ocr,hidden"
    @OptionGroup var threads: ThreadsOption
    @OptionGroup var narration: QuietOption

    func validate() throws {
        _ = try parsedTasks()
        _ = try pathFlag(output, "--out")
    }

    func parsedTasks() throws -> [PolicyEvaluation.Task] {
        try tasks.split(separator: ",", omittingEmptySubsequences: false).map { name in
            guard let task = PolicyEvaluation.Task(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--tasks: '\(name)' is not a task (\(PolicyEvaluation.Task.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return task
        }
    }

    func execute() throws {
        narration.apply()
        // Policies are read here, not in validate(), so that a bad one is one line, not a line and the usage.
        var settings = try PolicyEvaluation.Settings(
            others: try policies.map(PolicyEvaluation.Policy.parse), tasks: try parsedTasks(), seeds: seeds, firstBoundary: firstBoundary,
            boundaries: boundaries, boundaryIterations: boundaryIterations, ocrIterations: ocrIterations, hiddenIterations: hiddenIterations)
        settings.threads = threads.threads
        let folder = try pathFlag(output, "--out")
        let inputs = settings.policies.compactMap { policy in policy.source.path == PolicySource.builtInPath ? nil : policy.source.path }
            .map { ("--policy", URL(fileURLWithPath: $0)) } + (dataSet.data.map { [("--data", URL(fileURLWithPath: $0))] } ?? [])
        try OutputPaths.check(outputs: [], inputs: inputs, runFolder: folder)
        _ = try PolicyEvaluation.plan(settings)  // every setting checked before the folder is claimed
        try PolicyEvaluation.claim(folder, resume: resume)
        let data = settings.needsData ? try DataSource.load(path: dataSet.data) : nil
        log("synrl evaluate-policies: \(settings.policies.map(\.name).joined(separator: ", ")) on \(settings.tasks.map(\.rawValue).joined(separator: ", ")), "
            + "static; into \(folder.path)")
        let stop = StopSignal()
        let reporter = ProgressReporter(enabled: !narration.quiet)
        let outcome = try PolicyEvaluation.run(settings, data: data, folder: folder, resume: resume, log: { line in
            reporter.startNextRun()
            log(line)
        }, progress: { report in
            let accuracy = report.accuracy.map { String(format: "  accuracy %.2f%%", $0 * 100) } ?? ""
            reporter.report(iteration: report.iteration, of: report.iterations, seconds: report.seconds,
                            fields: String(format: "loss %.5f", report.loss) + accuracy, milestone: report.isMilestone)
        }, shouldStop: { stop.isRequested })
        reporter.finish()
        print(outcome.markdown, terminator: "")
        log("table and runs in \(folder.path); figure: make figures RUN=\(folder.path)")
        if outcome.interrupted, let number = stop.signalNumber {
            log("interrupted: synrl evaluate-policies --resume --out \(folder.path) (with the same flags) continues it")
            throw ExitCode(128 + number)
        }
    }
}
