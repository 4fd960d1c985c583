import Foundation
import SynapticRL

extension ClassificationRun {
    /// A peer of synaptic RL (hillclimb, spsa, es, signsgd) on the run's minibatch schedule: a new minibatch
    /// every `resampleEvery` iterations, as synaptic RL draws them, each step timed as one phase.
    func trainPeer(shouldStop: () -> Bool) throws {
        try trainPeer(optimizer: try makePeerOptimizer(), shouldStop: shouldStop)
    }

    /// `trainPeer` with a given optimizer (the tests give their own). A resumed run selects the checkpoint's
    /// minibatch first and restores the optimizer after, so that the saved state wins over what the switch set.
    func trainPeer(optimizer: PeerOptimizer, shouldStop: () -> Bool) throws {
        var recorder = PeerRecorder(self, reportEvery: ClassificationExperiment.liveUpdateInterval)
        var batchNumber = peerResume?.batchNumber ?? 0
        try optimizer.selectBatch(number: batchNumber)
        if let resume = peerResume {
            try optimizer.restore(network: resume.network, state: resume.state)
            log("resumed after iteration \(resume.iteration) of \(configuration.iterations)")
        } else {
            try evaluateStart(optimizer.network, minibatchLoss: optimizer.currentLoss(), step: optimizer.stepSize)
        }
        let phase = "\(configuration.method.rawValue) step"
        do {
            for iteration in recorder.firstIteration...configuration.iterations {
                let number = (iteration - 1) / max(configuration.resampleEvery, 1)
                if number != batchNumber {
                    batchNumber = number
                    try timed("minibatch switch") { try optimizer.selectBatch(number: number) }
                }
                let loss = try timed(phase) { try optimizer.step(iteration: iteration) }
                guard loss.isFinite else { throw SynapticRLError.numerical("the loss became \(loss) at iteration \(iteration)") }
                let stopping = iteration < configuration.iterations && shouldStop()
                try recorder.record(after: iteration, network: optimizer.network, minibatchLoss: loss, step: optimizer.stepSize,
                                    stopping: stopping) { (batchNumber, optimizer.state) }
                if stopping {
                    completed = iteration
                    break
                }
            }
        } catch {
            throw recorder.failing(error)
        }
        networks = [optimizer.network]
    }

    /// The method's optimizer on the run's training split, from trial 0's initial weights.
    private func makePeerOptimizer() throws -> PeerOptimizer {
        switch configuration.method {
        case .hillclimb: return try HillClimbing(network: networks[0], training: training, configuration: configuration, threads: threads)
        case .signsgd: return try SignSGD(network: networks[0], training: training, configuration: configuration, threads: threads)
        case .spsa:
            return try SPSA(network: networks[0], training: training, batchSize: configuration.batchSize,
                            settings: configuration.peer, seed: configuration.seed, threads: threads)
        case .es:
            return try EvolutionStrategy(network: networks[0], training: training, batchSize: configuration.batchSize,
                                         settings: configuration.peer, seed: configuration.seed, threads: threads)
        case .synrl, .random, .sgd, .gd, .lstsq:
            preconditionFailure("\(configuration.method) is not a peer optimizer")
        }
    }
}
