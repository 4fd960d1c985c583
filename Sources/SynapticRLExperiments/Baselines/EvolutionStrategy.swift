import Foundation
@_spi(Benchmarks) import SynapticRL

/// OpenAI-style evolution strategies (Salimans et al. 2017) on the run's minibatches. Step k evaluates n members,
/// n/2 antithetic pairs θ ± σε_i with ε_i ~ N(0, I) drawn from (seed, `.esPerturbations`, k, i) alone, all on the
/// same minibatch through one stacked first-layer GEMM (`PopulationForward`); fitness F = −loss, shaped to
/// centred ranks u ∈ [−0.5, 0.5]; then
///
///     g = 1/(nσ) Σ_i (u_i⁺ − u_i⁻) ε_i,   Adam (β1 0.9, β2 0.999, ε 1e-8, bias-corrected) on d = −g,
///     θ ← θ − lr · m̂ / (√v̂ + ε) − lr · wd · θ   (decoupled weight decay, biases included, when wd > 0).
///
/// A step spends n minibatch evaluations, as `trainingCost` charges.
@_spi(Benchmarks) public final class EvolutionStrategy: PeerOptimizer {
    private(set) var network: Network
    let settings: PeerSettings
    let seed: UInt64
    let threads: Int
    private let minibatch: PeerMinibatch
    private let population: PopulationForward
    /// (n/2, synapses): this step's ε of every pair. A buffer: pairs draw their rows on several threads at once.
    private let noise: UnsafeMutableBufferPointer<Float>
    /// Adam's moments and its step count.
    private var firstMoment: [Float]
    private var secondMoment: [Float]
    private var adamSteps = 0
    private(set) var evaluations = 0

    static let beta1: Float = 0.9
    static let beta2: Float = 0.999
    static let epsilon: Float = 1e-8

    public init(network: Network, training: LabeledImages, batchSize: Int, settings: PeerSettings, seed: UInt64, threads: Int) throws {
        try settings.validate()
        (self.network, self.settings, self.seed, self.threads) = (network, settings, seed, threads)
        minibatch = try PeerMinibatch(training: training, sizes: network.sizes, batchSize: batchSize, seed: seed, threads: threads)
        population = PopulationForward(shape: network, members: settings.population, batchSize: minibatch.count, threads: threads)
        noise = .allocate(capacity: settings.population / 2 * network.synapseCount)
        noise.initialize(repeating: 0)
        firstMoment = [Float](repeating: 0, count: network.synapseCount)
        secondMoment = firstMoment
    }

    deinit { noise.deallocate() }

    var stepSize: Float { settings.esLearningRate }

    public func selectBatch(number: Int) throws { minibatch.select(number: number) }

    public func currentLoss() throws -> Double {
        evaluations += 1
        return minibatch.loss(of: network)
    }

    public func step(iteration: Int) throws -> Double {
        let (pairs, count, sigma) = (settings.population / 2, network.synapseCount, settings.esSigma)
        Parallel.forEachItem(count: pairs, threads: threads) { pair, _ in
            Self.drawNoise(seed: seed, iteration: iteration, pair: pair,
                           into: UnsafeMutableBufferPointer(rebasing: noise[(pair * count)..<((pair + 1) * count)]))
        }
        var member = network.weights
        for pair in 0..<pairs {
            let epsilon = noise.baseAddress! + pair * count
            for sign in [Float(1), -1] {
                for i in 0..<count { member[i] = network.weights[i] + sign * sigma * epsilon[i] }
                population.setMember(2 * pair + (sign > 0 ? 0 : 1), weights: member)
            }
        }
        let losses = population.evaluate(on: minibatch.input, labels: minibatch.labels)
        evaluations += losses.count
        let meanLoss = losses.reduce(0, +) / Double(losses.count)
        guard losses.allSatisfy(\.isFinite) else { return meanLoss }  // the driver stops on it; ranks of NaN mean nothing
        let shaped = Self.centredRanks(losses.map { -$0 })
        var ascent = [Float](repeating: 0, count: count)
        let scale = 1 / (Double(settings.population) * Double(sigma))
        for pair in 0..<pairs {
            let weight = Float((shaped[2 * pair] - shaped[2 * pair + 1]) * scale)
            let epsilon = noise.baseAddress! + pair * count
            for i in 0..<count { ascent[i] += weight * epsilon[i] }
        }
        adamStep(descent: ascent.map { -$0 })
        return meanLoss
    }

    /// One Adam step on the loss-descent estimate d with bias-corrected moments, and the decoupled decay.
    private func adamStep(descent d: [Float]) {
        adamSteps += 1
        let (b1, b2, lr, decay) = (Self.beta1, Self.beta2, settings.esLearningRate, settings.esWeightDecay)
        let correction1 = Float(1 - pow(Double(b1), Double(adamSteps)))
        let correction2 = Float(1 - pow(Double(b2), Double(adamSteps)))
        for i in d.indices {
            firstMoment[i] = b1 * firstMoment[i] + (1 - b1) * d[i]
            secondMoment[i] = b2 * secondMoment[i] + (1 - b2) * d[i] * d[i]
            let update = (firstMoment[i] / correction1) / ((secondMoment[i] / correction2).squareRoot() + Self.epsilon)
            let theta = network.weights[i]
            network.weights[i] = theta - lr * update - (decay > 0 ? lr * decay * theta : 0)
        }
    }

    /// ε of `pair` at step `iteration`: standard normals from the stream keyed by the step's key (as seed) and the
    /// pair (as iteration), so each pair draws on its own whatever thread runs it.
    static func drawNoise(seed: UInt64, iteration: Int, pair: Int, into row: UnsafeMutableBufferPointer<Float>) {
        let stepKey = CounterRandom.key(seed: seed, stream: .esPerturbations, iteration: UInt64(iteration))
        var draws = CounterStream(seed: stepKey, stream: .esPerturbations, iteration: UInt64(pair))
        for i in row.indices { row[i] = draws.standardNormal() }
    }

    /// Centred ranks: value i's rank r among all n (ascending, ties by index) mapped to r / (n − 1) − 0.5.
    static func centredRanks(_ values: [Double]) -> [Double] {
        guard values.count > 1 else { return values.map { _ in 0 } }
        let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
        var ranks = [Double](repeating: 0, count: values.count)
        for (rank, index) in order.enumerated() { ranks[index] = Double(rank) / Double(values.count - 1) - 0.5 }
        return ranks
    }

    /// Adam's moments and step count (the perturbations follow from the iteration).
    var state: PeerState {
        PeerState(arrays: ["adamFirstMoment": firstMoment, "adamSecondMoment": secondMoment],
                  scalars: ["adamSteps": Double(adamSteps)])
    }

    func restore(network: Network, state: PeerState) throws {
        let count = self.network.synapseCount
        guard network.sizes == self.network.sizes, let m = state.arrays["adamFirstMoment"], let v = state.arrays["adamSecondMoment"],
              m.count == count, v.count == count, let steps = state.scalars["adamSteps"],
              steps >= 0, steps < 0x1p52, steps == steps.rounded() else {
            throw SynapticRLError.invalidParameter("the checkpoint's ES state does not fit a network \(self.network.sizes)")
        }
        self.network = network
        (firstMoment, secondMoment, adamSteps) = (m, v, Int(steps))
    }
}
