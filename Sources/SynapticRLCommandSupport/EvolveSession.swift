import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments

/// A policy search from start (or resume) to its last line, for synrl evolve and synrl-mpi evolve: the folder
/// claimed by the lead, progress with ETA, SIGINT/SIGTERM ending it after the current generation.
public enum EvolveSession {
    /// Runs the search `options` describe into `folder` (claimed by the caller on the lead), continuing its
    /// checkpoint when `resume`. Returns the exit code a stopped search ends with (nil: finished).
    public static func run(_ options: EvolveOptions, folder: URL, resume: Bool, share: PolicySearch.ProcessShare,
                           quiet: Bool) throws -> Int32? {
        let configuration = try options.configuration()
        let state = try resume ? EvolveOptions.resumable(PolicySearchCheckpoint.load(from: folder), given: configuration)
                               : PolicySearch.start(configuration)
        let data = try options.loadData()
        if share.isLead {
            let processes = share.size > 1 ? ", \(share.size) processes" : ""
            log("synrl evolve: separable CMA-ES over \(configuration.space.dimension) coordinates (\(configuration.space.policy.rawValue) tables"
                + "\(configuration.space.searchesEpsilon ? ", ε" : "")\(configuration.space.searchesStep ? ", step factor" : "")), "
                + "from \(configuration.space.start.rawValue), σ0 \(configuration.initialSigma), seed \(configuration.seed), "
                + "\(configuration.generations) generations, \(configuration.threads) thread\(configuration.threads == 1 ? "" : "s")\(processes), into \(folder.path)")
            log("tasks: \(configuration.tasks.summary)")
            if let data, let warning = PolicySearch.ocrDataWarning(data) { log("warning: \(warning)") }
            if resume { log("resumed after generation \(state.completedGenerations) of \(configuration.generations)") }
        }
        let stop = StopSignal()
        let reporter = ProgressReporter(enabled: share.isLead && !quiet, unit: "gen")
        let (finalState, summary) = try PolicySearch.run(state, data: data, folder: share.isLead ? folder : nil, share: share,
                                                         shouldStop: { stop.isRequested }) { report in
            let row = report.row
            reporter.report(iteration: row.generation, of: report.generations, seconds: row.seconds, fields: String(
                format: "best %.5f  mean %.5f  authors %.5f  best ever %.5f  σ %.3g  λ %d  %.1f candidates/s",
                row.bestFitness, row.meanFitness, row.authorsFitness, row.bestEverFitness, row.sigma, row.population, row.candidateEvaluationsPerSecond))
        }
        reporter.finish()
        guard share.isLead else { return summary.interrupted ? stop.signalNumber.map { 128 + $0 } ?? 1 : nil }
        print(String(format: "best fitness %.5f (generation %d; generation 1's best %.5f); last generation: best %.5f, mean %.5f, "
                     + "the authors' table %.5f on its tasks; %d candidate evaluations in %.0f s (%.2f/s with the reference)",
                     summary.bestFitness, summary.bestGeneration, summary.firstGenerationBestFitness, summary.lastBestFitness,
                     summary.lastMeanFitness, summary.lastAuthorsFitness, summary.evaluations, summary.seconds,
                     summary.candidateEvaluationsPerSecond))
        log("best table: \(folder.appendingPathComponent(PolicySearch.FileName.best).path); figures: make figures RUN=\(folder.path)")
        if summary.converged { log("CMA-ES converged after its last restart, at generation \(finalState.completedGenerations)") }
        guard summary.interrupted else { return nil }
        log("interrupted after generation \(summary.generations): synrl evolve --resume --out \(folder.path) (with the same flags) continues it")
        return stop.signalNumber.map { 128 + $0 } ?? 1
    }
}
