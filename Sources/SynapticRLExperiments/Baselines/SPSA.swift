import Foundation
import SynapticRL

/// Simultaneous-perturbation stochastic approximation (Spall 1998) on the run's minibatches. At step k (from 1)
///
///     a_k = a / (k + A)^α,   c_k = c / k^γ,
///     ĝ = (1/q) Σ_j (L(θ + c_k Δ_j) − L(θ − c_k Δ_j)) / (2 c_k) · Δ_j,   θ ← θ − a_k ĝ,
///
/// with q = `spsaAverages` and Δ_j Rademacher ±1 on every weight, biases included, drawn from
/// (seed, `.spsaPerturbations`, k, j) alone; both evaluations of an estimate are on the same minibatch.
/// A step spends 2q minibatch evaluations, as `trainingCost` charges.
@_spi(Benchmarks) public final class SPSA: PeerOptimizer {
    private(set) var network: Network
    let settings: PeerSettings
    let seed: UInt64
    private let minibatch: PeerMinibatch
    /// The last step taken (0 before any): the gain the metrics report is its a_k.
    private var lastIteration = 0
    /// Minibatch evaluations made so far (the tests hold it to `trainingCost`).
    private(set) var evaluations = 0

    public init(network: Network, training: LabeledImages, batchSize: Int, settings: PeerSettings, seed: UInt64, threads: Int) throws {
        try settings.validate()
        (self.network, self.settings, self.seed) = (network, settings, seed)
        minibatch = try PeerMinibatch(training: training, sizes: network.sizes, batchSize: batchSize, seed: seed, threads: threads)
    }

    /// a_k = a / (k + A)^α.
    func gain(step k: Int) -> Double { settings.spsaGain / pow(Double(k) + settings.spsaStability, settings.spsaAlpha) }

    /// c_k = c / k^γ.
    func perturbationSize(step k: Int) -> Double { settings.spsaPerturbation / pow(Double(k), settings.spsaGamma) }

    var stepSize: Float { Float(gain(step: max(lastIteration, 1))) }

    public func selectBatch(number: Int) throws { minibatch.select(number: number) }

    public func currentLoss() throws -> Double {
        evaluations += 1
        return minibatch.loss(of: network)
    }

    public func step(iteration: Int) throws -> Double {
        let (a, c) = (gain(step: iteration), Float(perturbationSize(step: iteration)))
        var estimate = [Float](repeating: 0, count: network.synapseCount)
        var probe = network
        var lossSum = 0.0
        for j in 0..<settings.spsaAverages {
            let delta = Self.perturbation(seed: seed, iteration: iteration, estimate: j, count: network.synapseCount)
            let (plus, minus) = Self.twoSidedLosses(weights: network.weights, delta: delta, perturbation: c) { weights in
                probe.weights = weights
                return minibatch.loss(of: probe)
            }
            evaluations += 2
            lossSum += plus + minus
            let coefficient = Float((plus - minus) / (2 * Double(c)))
            for i in estimate.indices { estimate[i] += coefficient * delta[i] }
        }
        let rate = Float(a / Double(settings.spsaAverages))
        for i in network.weights.indices { network.weights[i] -= rate * estimate[i] }
        lastIteration = iteration
        return lossSum / Double(2 * settings.spsaAverages)
    }

    /// Δ of estimate `estimate` at step `iteration`: ±1 per weight, weight i taking bit i mod 64 of the
    /// (i / 64 + estimate · words)-th draw under the step's key, words = ⌈count / 64⌉.
    static func perturbation(seed: UInt64, iteration: Int, estimate: Int, count: Int) -> [Float] {
        let key = CounterRandom.key(seed: seed, stream: .spsaPerturbations, iteration: UInt64(iteration))
        let words = (count + 63) / 64
        var delta = [Float](repeating: 0, count: count)
        for word in 0..<words {
            let bits = CounterRandom.bits(key: key, counter: UInt64(estimate * words + word))
            for i in (word * 64)..<min(word * 64 + 64, count) { delta[i] = (bits >> UInt64(i - word * 64)) & 1 == 1 ? 1 : -1 }
        }
        return delta
    }

    /// L(θ + cΔ) and L(θ − cΔ): one two-sided difference.
    static func twoSidedLosses(weights: [Float], delta: [Float], perturbation c: Float,
                               loss: ([Float]) throws -> Double) rethrows -> (plus: Double, minus: Double) {
        precondition(weights.count == delta.count, "Δ shape mismatch")
        let plus = try loss(zip(weights, delta).map { $0 + c * $1 })
        let minus = try loss(zip(weights, delta).map { $0 - c * $1 })
        return (plus, minus)
    }

    /// SPSA keeps nothing beside the weights but the step it reached (its gains follow from the iteration).
    var state: PeerState { PeerState(scalars: ["iteration": Double(lastIteration)]) }

    func restore(network: Network, state: PeerState) throws {
        guard network.sizes == self.network.sizes, state.arrays.isEmpty, let iteration = state.scalars["iteration"],
              iteration >= 0, iteration < 0x1p52, iteration == iteration.rounded() else {
            throw SynapticRLError.invalidParameter("the checkpoint's SPSA state does not fit a network \(self.network.sizes)")
        }
        self.network = network
        lastIteration = Int(iteration)
    }
}
