@_spi(Benchmarks) import SynapticRL

/// Sign descent on the backpropagated minibatch gradient: w_k ← w_k − s · sign(∂L/∂w_k), s the step in force (a
/// bias's × `biasStepMultiplier`), sign 0 (and NaN) no move. The ceiling of a ternary per-synapse action chosen with
/// perfect local information: synaptic RL's moves, each in the direction the gradient says. The minibatch follows
/// the run's schedule (`selectBatch`); each step costs one forward and one backward pass over it.
@_spi(Benchmarks) public final class SignSGD: PeerOptimizer {
    public private(set) var network: Network
    public private(set) var stepSize: Float
    private var iteration = 0
    /// Internal for the tests, which count its forward passes.
    let minibatch: PeerMinibatch
    private let backpropagation: Backpropagation
    private let steps: SynapseSteps
    private let baseStep: Float
    private let schedule: StepSchedule

    public init(network: Network, training: LabeledImages, configuration: ClassificationExperiment.Configuration, threads: Int) throws {
        self.network = network
        minibatch = try PeerMinibatch(training: training, sizes: network.sizes, batchSize: configuration.batchSize,
                                      seed: configuration.seed, threads: threads)
        backpropagation = Backpropagation(sizes: network.sizes, batchSize: minibatch.count, threads: threads)
        steps = SynapseSteps(network: network, biasMultiplier: configuration.settings.biasStepMultiplier)
        (baseStep, schedule, stepSize) = (configuration.peer.signsgdStep, configuration.schedule, configuration.peer.signsgdStep)
    }

    public func selectBatch(number: Int) throws { minibatch.select(number: number) }

    public func currentLoss() throws -> Double { minibatch.loss(of: network) }

    /// Returns the minibatch loss before the step, as gd does.
    public func step(iteration: Int) throws -> Double {
        stepSize = schedule.step(base: baseStep, at: iteration)
        let loss = minibatch.loss(of: network)  // the forward pass backpropagation reads
        backpropagation.compute(network, input: minibatch.input, labels: minibatch.labels, pass: minibatch.pass)
        for run in steps.runs {
            Self.descend(&network.weights, gradient: backpropagation.gradient, range: run.range, step: stepSize * run.multiplier)
        }
        self.iteration = iteration
        return loss
    }

    /// weights[k] −= step · sign(gradient[k]) over `range`.
    static func descend(_ weights: inout [Float], gradient: [Float], range: Range<Int>, step: Float) {
        precondition(gradient.count == weights.count && range.upperBound <= weights.count, "a step outside the weights")
        gradient.withUnsafeBufferPointer { g in
            weights.withUnsafeMutableBufferPointer { w in
                for k in range {
                    if g[k] > 0 { w[k] -= step } else if g[k] < 0 { w[k] += step }
                }
            }
        }
    }

    /// The minibatch in use and the last iteration done (the gradient is recomputed each step).
    var state: PeerState {
        PeerState(scalars: ["batch": Double(minibatch.number), "iteration": Double(iteration)])
    }

    func restore(network: Network, state: PeerState) throws {
        guard network.sizes == self.network.sizes, network.activations == self.network.activations else {
            throw SynapticRLError.invalidParameter("a signsgd state for a network \(network.sizes), not \(self.network.sizes)")
        }
        guard let batch = state.scalars["batch"], let number = Int(exactly: batch), number >= 0,
              let done = state.scalars["iteration"], let iteration = Int(exactly: done), iteration >= 0 else {
            throw SynapticRLError.invalidParameter("a signsgd state needs a batch number and an iteration")
        }
        self.network = network
        minibatch.select(number: number)
        self.iteration = iteration
        stepSize = schedule.step(base: baseStep, at: iteration)
    }
}
