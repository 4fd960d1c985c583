/// How the global reward follows from the loss before and after an iteration's moves. The paper's rule (the
/// default): +1 if the loss strictly fell, else −1, so a tie is penalised. `init(_:)` gives the rule of a
/// `RuleReward` (the data form a rule file names); a closure may decide instead.
///
/// The reward is a number in [−1, 1]; the synapses' histories remember its sign (bonus, neutral, penalty), and
/// the table's update uses the number itself.
public struct RewardRule: Sendable {
    public let name: String
    let value: @Sendable (_ previousLoss: Double, _ newLoss: Double) -> Double

    /// A rule that rewards (+1) or penalises (−1): `isImprovement` says which.
    public init(name: String, isImprovement: @escaping @Sendable (_ previousLoss: Double, _ newLoss: Double) -> Bool) {
        self.name = name
        value = { isImprovement($0, $1) ? 1 : -1 }
    }

    /// A rule of any reward in [−1, 1] (a value outside is clipped to it; NaN counts as 0).
    public init(name: String, reward: @escaping @Sendable (_ previousLoss: Double, _ newLoss: Double) -> Double) {
        self.name = name
        value = { previous, new in
            let reward = reward(previous, new)
            return reward.isNaN ? 0 : min(max(reward, -1), 1)
        }
    }

    /// The rule a `RuleReward` describes.
    public init(_ kind: RuleReward) {
        name = kind.name
        value = { kind.reward(previous: $0, new: $1) }
    }

    /// R for a loss that went from `previous` to `new`.
    public func reward(previous: Double, new: Double) -> Double { value(previous, new) }

    /// +1 if the loss strictly fell, else −1 (ties penalised): the paper's and the authors' rule.
    public static let strictDecrease = RewardRule(.strictDecrease)

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
    /// R, in [−1, 1] (+1 or −1 under the paper's reward).
    public let reward: Double
    /// Shares of synapses that took −, 0 and + this iteration.
    public let actionShares: [Double]
    public let step: Float
    public let epsilon: Double
}
