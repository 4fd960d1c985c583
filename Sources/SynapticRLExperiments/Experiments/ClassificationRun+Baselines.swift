import Foundation
import SynapticRL

extension ClassificationRun {
    /// Gradient descent, full batch or minibatch SGD (a fresh minibatch each step): the paper's baseline. Its state
    /// is the weights and the step count, so a checkpoint holds no optimizer memory.
    func descend(shouldStop: () -> Bool) throws {
        let descent = try GradientDescent(network: networks[0], training: training, learningRate: configuration.learningRate,
                                          batchSize: configuration.gradientSteppingBatch, seed: configuration.seed, threads: threads)
        var recorder = PeerRecorder(self, reportEvery: 1)
        if let resume = peerResume {
            try descent.restore(network: resume.network, steps: resume.iteration)
            log("resumed after iteration \(resume.iteration) of \(configuration.iterations)")
        } else {
            try evaluateStart(descent.network, minibatchLoss: descent.currentLoss(), step: configuration.learningRate)
        }
        do {
            for iteration in recorder.firstIteration...configuration.iterations {
                let loss = timed("gradient step") { descent.step() }
                guard loss.isFinite else { throw SynapticRLError.numerical("the loss became \(loss) at iteration \(iteration)") }
                let stopping = iteration < configuration.iterations && shouldStop()
                // Step k (from 0) trained on minibatch k; full-batch descent has only minibatch 0.
                try recorder.record(after: iteration, network: descent.network, minibatchLoss: loss, step: configuration.learningRate,
                                    stopping: stopping) { (descent.isMinibatch ? iteration - 1 : 0, PeerState()) }
                if stopping {
                    completed = iteration
                    break
                }
            }
        } catch {
            throw recorder.failing(error)
        }
        networks = [descent.network]
    }

    /// The closed-form ridge least-squares linear classifier.
    /// Its iteration-0 row scores the initial weights the other methods start from: what the fit replaces.
    func fitLeastSquares() throws {
        try evaluateStart(networks[0], minibatchLoss: try Evaluation.score(networks[0], on: training, threads: threads).loss,
                          step: 0)
        let network = try LeastSquaresClassifier.fit(training, ridge: configuration.ridge)
        networks = [network]
        try evaluate(network, iteration: 1, minibatchLoss: try Evaluation.score(network, on: training, threads: threads).loss,
                     tally: ActionTally(), step: 0)
    }
}
