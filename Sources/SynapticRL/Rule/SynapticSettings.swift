/// The hyper-parameters of synaptic reinforcement learning. Defaults are the paper's 2-D task (Figure 1).
public struct SynapticSettings: Sendable, Equatable, Codable {
    /// ε: probability that a synapse takes a uniformly random action instead of the greedy one.
    public var epsilon: Double = 0.25
    /// α_s: how far one action moves a weight.
    public var step: Float = 0.001
    /// Bias synapses move by step × this (the authors' code used 2).
    public var biasStepMultiplier: Float = 1
    /// α_q: the Q-learning rate.
    public var qLearningRate: Double = 0.01
    /// γ: the discount of future reward.
    public var discount: Double = 0.9
    /// n: actions and rewards remembered per state.
    public var historyLength: Int = 2
    /// Adaptive mode learns the table by Q-learning; static mode applies it frozen.
    public var adaptive: Bool = true
    /// Threads for the iteration's kernels (the sweep, the fused forward pass, the chunked losses), at most the
    /// machine's cores; OpenBLAS itself stays on one. Results do not depend on it.
    public var threads: Int = 1

    public init() {}

    public func validate() throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw SynapticRLError.invalidParameter(message) }
        }
        try require(epsilon.isFinite && (0...1).contains(epsilon), "epsilon must be in [0, 1], got \(epsilon)")
        try require(step.isFinite && step > 0, "step must be a positive finite number, got \(step)")
        try require(biasStepMultiplier.isFinite && biasStepMultiplier >= 0,
                    "bias step multiplier must be finite and non-negative, got \(biasStepMultiplier)")
        try require(qLearningRate.isFinite && qLearningRate > 0 && qLearningRate <= 1,
                    "Q-learning rate must be in (0, 1], got \(qLearningRate)")
        try require(discount.isFinite && (0...1).contains(discount), "gamma must be in [0, 1], got \(discount)")
        try require((1...HistoryCoding.maximumLength).contains(historyLength),
                    "history length must be 1...\(HistoryCoding.maximumLength), got \(historyLength)")
        try require(threads >= 1 && threads <= 1024, "threads must be 1...1024, got \(threads)")
    }
}
