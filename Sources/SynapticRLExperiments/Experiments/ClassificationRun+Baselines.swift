import Foundation
import SynapticRL

extension ClassificationRun {
    /// Gradient descent, full batch or minibatch SGD (a fresh minibatch each step): the paper's baseline.
    func descend(shouldStop: () -> Bool) throws {
        let descent = try GradientDescent(network: networks[0], training: training, learningRate: configuration.learningRate,
                                          batchSize: configuration.gradientSteppingBatch, seed: configuration.seed, threads: threads)
        try evaluateStart(descent.network, minibatchLoss: descent.currentLoss(), step: configuration.learningRate)
        for iteration in 1...configuration.iterations {
            let loss = timed("gradient step") { descent.step() }
            guard loss.isFinite else { throw SynapticRLError.numerical("the loss became \(loss) at iteration \(iteration)") }
            let stopping = iteration < configuration.iterations && shouldStop()
            if isEvaluationPoint(iteration, stopping: stopping) {
                try evaluate(descent.network, iteration: iteration, minibatchLoss: loss, tally: ActionTally(),
                             step: configuration.learningRate)
            } else {
                report(iteration: iteration, loss: loss)
            }
            if stopping {
                completed = iteration
                break
            }
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
