/// The states of a rule's table and how a synapse's memory maps to one:
///     state = ((((layer · K + kind) · S + sign) · P + active) · A^n + actionCode) · 3^m + rewardCode,
/// with K = 2 if the rule tells biases from inputs (else 1, kind 0), S = 2 if it knows the weight's sign,
/// P = 2 if it knows the presynaptic activity (else 1, active 0), actionCode the last n actions in base A (oldest
/// digit first) and rewardCode the last m reward signs in base 3.
/// With no local feature and n = m this is a `QTable`'s layout (actionCode · 3^n + rewardCode), so the paper's
/// table is the paper rule's table.
public struct RuleStateSpace: Sendable, Equatable {
    /// The most states a table may have (A · states Doubles: 12 MB at five actions).
    public static let maximumStates = 1 << 18

    public let features: RuleStateFeatures
    public let actionCount: Int
    /// Tables stacked by layer: the network's weight layers when `layerTables`, else 1.
    public let layers: Int
    /// A^n and 3^m: the distinct action and reward codes.
    public let actionCodes: Int
    public let rewardCodes: Int
    public let kinds: Int
    public let signs: Int
    /// 2 where the state holds the presynaptic activity, else 1.
    public let activities: Int

    public init(rule: SynapticRule, layers: Int) {
        features = rule.state
        actionCount = rule.actions.count
        self.layers = rule.state.layerTables ? max(layers, 1) : 1
        actionCodes = Self.power(actionCount, rule.state.actionHistory)
        rewardCodes = Self.power(3, rule.state.rewardHistory)
        kinds = rule.state.synapseKind ? 2 : 1
        signs = rule.state.weightSign ? 2 : 1
        activities = rule.state.presynapticActivity ? 2 : 1
    }

    /// Saturates instead of overflowing, so an absurd rule is refused by its state count, not a trap.
    private static func power(_ base: Int, _ exponent: Int) -> Int {
        (0..<max(exponent, 0)).reduce(1) { product, _ in product > 1 << 40 ? product : product * base }
    }

    /// The local part of a state, everything but the reward code: what the sweep looks up per synapse.
    public var localStateCount: Int { layers * kinds * signs * activities * actionCodes }
    public var stateCount: Int { localStateCount * rewardCodes }

    /// Every action "none" and every reward "neutral": the codes at t = 0.
    public var initialActionCode: Int { (actionCodes - 1) / 2 }
    public var initialRewardCode: Int { (rewardCodes - 1) / 2 }

    @inline(__always)
    public func state(local: Int, rewardCode: Int) -> Int { local * rewardCodes + rewardCode }

    /// The local state of a synapse: its static part (layer and kind, `staticIndex`), its weight's sign, its
    /// presynaptic activity, its code.
    @inline(__always)
    func local(staticIndex: Int, negative: Bool, active: Bool, actionCode: Int) -> Int {
        ((staticIndex * signs + (signs == 2 && !negative ? 1 : 0)) * activities + (activities == 2 && active ? 1 : 0))
            * actionCodes + actionCode
    }

    /// (layer · K + kind), or 0 where neither is a feature.
    func staticIndex(layer: Int, isBias: Bool) -> Int {
        (features.layerTables ? layer : 0) * kinds + (kinds == 2 && isBias ? 1 : 0)
    }

    /// The action code after `action` joins the last n and the oldest leaves: (A · code + action) mod A^n.
    @inline(__always)
    func pushingAction(_ action: Int, onto code: Int) -> Int { actionCodes == 1 ? 0 : (code * actionCount + action) % actionCodes }

    @inline(__always)
    func pushingReward(_ symbol: Int, onto code: Int) -> Int { rewardCodes == 1 ? 0 : (code * 3 + symbol) % rewardCodes }

    /// The most recent action of a code (n ≥ 1) and reward symbol of a code (m ≥ 1).
    func lastAction(ofCode code: Int) -> Int { code % actionCount }
    func lastReward(ofCode code: Int) -> Int { code % 3 }

    /// The parts of state `state`, for files and figures: (layer, isBias, negative, active, actions oldest first,
    /// reward symbols oldest first); a part the rule does not hold is nil.
    public func describe(state: Int) -> (layer: Int, isBias: Bool?, negative: Bool?, active: Bool?, actions: [Int], rewards: [Int]) {
        var rest = state
        var rewards = [Int](repeating: 0, count: features.rewardHistory)
        for position in rewards.indices.reversed() { rewards[position] = rest % 3; rest /= 3 }
        var actions = [Int](repeating: 0, count: features.actionHistory)
        for position in actions.indices.reversed() { actions[position] = rest % actionCount; rest /= actionCount }
        let active: Bool? = activities == 2 ? rest % 2 == 1 : nil
        rest /= activities
        let negative: Bool? = signs == 2 ? rest % 2 == 0 : nil
        rest /= signs
        let isBias: Bool? = kinds == 2 ? rest % 2 == 1 : nil
        rest /= kinds
        return (rest, isBias, negative, active, actions, rewards)
    }
}
