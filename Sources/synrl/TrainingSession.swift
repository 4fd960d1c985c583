import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments
import SynapticRLCommandSupport

/// What `synrl train` and `synrl resume` share: run with live progress and SIGINT/SIGTERM handling, then print
/// each trial's result (and the profile, the trials' mean, the first-layer check) and write the summary.
enum TrainingSession {
    static func run(_ configuration: ClassificationExperiment.Configuration, data: DataSource.Loaded, folder: URL,
                    quiet: Bool, summary: URL?, resume: RunCheckpoint? = nil) throws {
        let reporter = ProgressReporter(enabled: !quiet)
        log("run folder: \(folder.path)")
        let stop = StopSignal()
        let outcome = try ClassificationExperiment.run(
            configuration, data: data, output: folder, log: log, progress: { report in
                let validation = report.validationAccuracy.map { String(format: "  validation %.2f%%", $0 * 100) } ?? ""
                reporter.report(iteration: report.iteration, of: report.iterations, seconds: report.seconds,
                                fields: String(format: "loss %.5f", report.loss) + validation, milestone: report.isEvaluation)
            }, shouldStop: { stop.isRequested }, resume: resume)
        reporter.finish()
        let result = outcome.summary
        let trials = outcome.summaries.count
        if let profile = outcome.profile { print(profile, terminator: "") }
        // With --quiet, a stacked run prints only its mean line.
        for trial in outcome.summaries where !(quiet && trials > 1) {
            print(String(format: "%@ %@%@: validation accuracy %.2f%% (from %.2f%%; chance %.2f%%), loss %.4f, training accuracy %.2f%%, "
                         + "%d parameters, %d iterations in %.1f s (%.1f iterations/s)",
                         trial.method, trial.hidden.isEmpty ? "0 hidden" : trial.hidden.map(String.init).joined(separator: "-") + " hidden",
                         trials > 1 ? ", seed \(trial.seed)" : "", trial.validationAccuracy * 100,
                         trial.initialValidationAccuracy * 100, trial.chanceAccuracy * 100, trial.validationLoss, trial.trainAccuracy * 100,
                         trial.parameters, trial.iterations, trial.seconds, trial.iterationsPerSecond))
        }
        if trials > 1 {
            let accuracies = outcome.summaries.map(\.validationAccuracy)
            let mean = accuracies.reduce(0, +) / Double(trials)
            let deviation = (accuracies.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(trials - 1)).squareRoot()
            print(String(format: "%d trials: validation accuracy %.2f ± %.2f%% (mean ± sd); %.1f trial-iterations/s",
                         trials, mean * 100, deviation * 100, Double(trials) * result.iterationsPerSecond))
        }
        if let agreement = result.rewardAgreement {
            print(String(format: "first-layer check: incremental and dense rewards agreed in %d of %d iterations (%.3f%%); largest relative loss difference %.2e",
                         agreement.agreed, agreement.compared, agreement.fraction * 100, agreement.largestRelativeDifference))
        }
        if let summary {
            if trials > 1 {
                try AtomicFile.writeJSON(outcome.summaries, to: summary)
            } else {
                try AtomicFile.writeJSON(result, to: summary)
            }
        }
        if result.interrupted, let number = stop.signalNumber {
            log("interrupted after \(result.iterations) iterations; the run folder \(folder.path) is complete up to there"
                + (PeerCheckpoint.covers(configuration.method) || configuration.method.isSynapticEngine ? "; synrl resume \(folder.path) continues it" : ""))
            throw ExitCode(128 + number)
        }
    }
}
