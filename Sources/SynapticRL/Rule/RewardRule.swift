/// How the global reward follows from the loss before and after an iteration's moves. The paper's rule (the
/// default): +1 if the loss strictly fell, else −1, so a tie is penalised.
///
/// A rule returns whether the iteration is rewarded; the synapses' histories remember rewards as bonus or penalty
/// (the shared table's state has no third symbol), and the Q update uses +1 or −1 accordingly.
public struct RewardRule: Sendable {
    public let name: String
    let isImprovement: @Sendable (_ previousLoss: Double, _ newLoss: Double) -> Bool

    public init(name: String, isImprovement: @escaping @Sendable (_ previousLoss: Double, _ newLoss: Double) -> Bool) {
        self.name = name
        self.isImprovement = isImprovement
    }

    /// +1 if the loss strictly fell, else −1 (ties penalised): the paper's and the authors' rule.
    public static let strictDecrease = RewardRule(name: "strict decrease") { previous, new in new < previous }

    /// +1 if the loss fell by more than `fraction` of its value, else −1: a rule that ignores noise-sized gains.
    public static func relativeDecrease(atLeast fraction: Double) -> RewardRule {
        RewardRule(name: "relative decrease ≥ \(fraction)") { previous, new in new < previous - fraction * abs(previous) }
    }
}

/// What happened in one iteration of a `SynapticTrainer`, for an observer.
public struct IterationReport: Sendable {
    /// Iterations completed, this one included (1 after the first).
    public let iteration: Int
    public let loss: Double
    /// +1 or −1.
    public let reward: Double
    /// Shares of synapses that took −, 0 and + this iteration.
    public let actionShares: [Double]
    public let step: Float
    public let epsilon: Double
}
