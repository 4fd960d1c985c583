import Foundation
import SynapticRL

extension ClassificationRun {
    /// What a gd, sgd or peer run does after each iteration, in `SynapticRLTraining.record`'s order: the regular
    /// evaluation, then the checkpoint, then the fault injection, then (only when stopping) an extra evaluation for
    /// the interrupted run's files. A resumed run then scores and saves exactly where one left alone does.
    struct PeerRecorder {
        let run: ClassificationRun
        let url: URL?
        /// Iterations between live reports that are not evaluations.
        let reportEvery: Int
        /// The iteration of the last checkpoint written or resumed from, for a numerical failure's message.
        private(set) var savedIteration: Int?

        init(_ run: ClassificationRun, reportEvery: Int) {
            self.run = run
            self.reportEvery = reportEvery
            url = run.output?.appendingPathComponent(Checkpoint.fileName)
            if let url { AtomicFile.removeLeftovers(of: url) }
            savedIteration = run.peerResume?.iteration
        }

        /// The first iteration to run: 1, or the one after the checkpoint's.
        var firstIteration: Int { (run.peerResume?.iteration ?? 0) + 1 }

        /// `state` gives the minibatch in use and the optimizer's memory, asked only when a checkpoint is due.
        mutating func record(after iteration: Int, network: Network, minibatchLoss: Double, step: Float, stopping: Bool,
                             state: () -> (batchNumber: Int, state: PeerState)) throws {
            let configuration = run.configuration
            let regular = run.isEvaluationPoint(iteration, stopping: false)
            if regular { try run.evaluate(network, iteration: iteration, minibatchLoss: minibatchLoss, tally: ActionTally(), step: step) }
            if iteration < configuration.iterations,
               stopping || (configuration.checkpointEvery > 0 && iteration % configuration.checkpointEvery == 0) {
                try save(after: iteration, network: network, state: state())
            }
            FaultInjection.killIfDue(afterIteration: iteration)
            if stopping && !regular {
                try run.evaluate(network, iteration: iteration, minibatchLoss: minibatchLoss, tally: ActionTally(), step: step)
            }
            if !regular && !stopping && iteration % reportEvery == 0 { run.report(iteration: iteration, loss: minibatchLoss) }
        }

        private mutating func save(after iteration: Int, network: Network, state: (batchNumber: Int, state: PeerState)) throws {
            guard let url else { return }
            let checkpoint = PeerCheckpoint(
                configuration: run.configuration, dataPath: run.data.path, dataHash: RunRecord.fingerprint(run.data.train),
                iteration: iteration, batchNumber: state.batchNumber, elapsedSeconds: run.elapsed(),
                metrics: run.metrics[0].rows, network: network, state: state.state)
            try run.timed(PhaseProfile.Phase.checkpoint) { try PeerCheckpointFile.save(checkpoint, to: url) }
            savedIteration = iteration
        }

        /// A numerical failure names the checkpoint to go back to.
        func failing(_ error: Error) -> Error {
            guard case SynapticRLError.numerical(let message) = error, let savedIteration, let url else { return error }
            return SynapticRLError.numerical("\(message); the checkpoint after iteration \(savedIteration) is kept in \(url.path)")
        }
    }
}
