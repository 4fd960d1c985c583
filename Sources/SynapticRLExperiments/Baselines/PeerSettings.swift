import SynapticRL

/// The hyper-parameters of the peers of synaptic RL that its own settings do not cover. Spall's α 0.602 and γ
/// 0.101, A 100, ES's population 50 and Adam's βs are the literature's; the gains, perturbations and steps are the
/// winners of `scripts/peer-sweep.py` (Fashion-MNIST 784-10, a seeded 75/25 split of the training images,
/// budget 1e8 forward-equivalents; README, "Synaptic RL against its peers").
public struct PeerSettings: Sendable, Codable, Equatable {
    /// SPSA (Spall 1998): at step k (from 1) the gain a_k = a / (k + A)^α and the perturbation c_k = c / k^γ;
    /// each step averages `spsaAverages` two-sided estimates of Rademacher ±c_k perturbations.
    public var spsaGain = 0.1
    public var spsaPerturbation = 0.01
    public var spsaStability = 100.0
    public var spsaAlpha = 0.602
    public var spsaGamma = 0.101
    public var spsaAverages = 1

    /// OpenAI-style evolution strategies (Salimans et al. 2017): `population` members (antithetic pairs, so even)
    /// at θ ± σε, centred-rank fitness shaping, Adam (β 0.9, 0.999) with `esLearningRate` on the estimate, and
    /// decoupled weight decay `esWeightDecay` (0: none).
    public var population = 50
    public var esSigma: Float = 0.003
    public var esLearningRate: Float = 0.01
    public var esWeightDecay: Float = 0

    /// hillclimb's and signsgd's move, each its own (synaptic RL's and random's is the rule's step); bias moves are
    /// × the rule's bias step multiplier, and the rule's step schedule scales them.
    public var hillclimbStep: Float = 3e-3
    public var signsgdStep: Float = 1e-4

    public init() {}

    public func validate() throws {
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
            if !condition { throw SynapticRLError.invalidParameter(message()) }
        }
        for (name, value) in [("SPSA gain a", spsaGain), ("SPSA perturbation c", spsaPerturbation)] {
            try require(value.isFinite && value > 0, "\(name) must be a positive finite number, got \(value)")
        }
        try require(spsaStability.isFinite && spsaStability >= 0, "SPSA stability A must be finite and ≥ 0, got \(spsaStability)")
        try require(spsaAlpha.isFinite && spsaAlpha > 0 && spsaAlpha <= 1, "SPSA α must be in (0, 1], got \(spsaAlpha)")
        try require(spsaGamma.isFinite && spsaGamma >= 0 && spsaGamma <= 1, "SPSA γ must be in [0, 1], got \(spsaGamma)")
        try require((1...1024).contains(spsaAverages), "SPSA averages must be 1...1024, got \(spsaAverages)")
        try require((2...4096).contains(population) && population % 2 == 0,
                    "the ES population must be even (antithetic pairs) and 2...4096, got \(population)")
        try require(esSigma.isFinite && esSigma > 0, "ES σ must be a positive finite number, got \(esSigma)")
        try require(esLearningRate.isFinite && esLearningRate > 0, "the ES learning rate must be a positive finite number, got \(esLearningRate)")
        for (name, value) in [("hillclimb step", hillclimbStep), ("signsgd step", signsgdStep)] {
            try require(value.isFinite && value > 0, "the \(name) must be a positive finite number, got \(value)")
        }
        try require(esWeightDecay.isFinite && esWeightDecay >= 0 && esWeightDecay < 1,
                    "the ES weight decay must be in [0, 1), got \(esWeightDecay)")
    }
}
