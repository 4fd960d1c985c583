/// What a synapse's state is made of, under a `SynapticRule`: the last n of its own actions, the last m global
/// rewards, and optional local features. The shared table has one row per combination, so its size follows
/// from the features: (layers or 1) · (2 if synapseKind) · (2 if weightSign) · (2 if presynapticActivity) · A^n ·
/// 3^m states of A actions.
///
/// The paper's state is n = m = 2 with no local feature (81 states of the ternary action set).
public struct RuleStateFeatures: Sendable, Equatable, Codable {
    /// n: the synapse's own last actions remembered, 0…5.
    public var actionHistory = 2
    /// m: the last global rewards remembered, 0…5 (each −1, 0 or +1; "0" also means "no reward yet").
    public var rewardHistory = 2
    /// Whether the state holds the sign of the synapse's weight before it moves (w < 0, w ≥ 0).
    public var weightSign = false
    /// Whether the state tells bias synapses from input synapses.
    public var synapseKind = false
    /// One table per layer (the layer is part of the state) instead of one shared by every layer.
    public var layerTables = false
    /// Whether the state holds the synapse's presynaptic activity: whether its input unit's mean over the minibatch
    /// is above the median of those means over the layer's inputs (`PresynapticActivity`; a bias counts as active).
    public var presynapticActivity = false

    public static let maximumHistory = 5

    public init(actionHistory: Int = 2, rewardHistory: Int = 2, weightSign: Bool = false, synapseKind: Bool = false,
                layerTables: Bool = false, presynapticActivity: Bool = false) {
        (self.actionHistory, self.rewardHistory) = (actionHistory, rewardHistory)
        (self.weightSign, self.synapseKind, self.layerTables) = (weightSign, synapseKind, layerTables)
        self.presynapticActivity = presynapticActivity
    }

    /// Whether this is the paper's state shape, n = m with no local feature: the shape of a `QTable`.
    public var isHistoryOnly: Bool { actionHistory == rewardHistory && !weightSign && !synapseKind && !layerTables
        && !presynapticActivity }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RuleStateFeatures()
        actionHistory = try container.decodeIfPresent(Int.self, forKey: .actionHistory) ?? defaults.actionHistory
        rewardHistory = try container.decodeIfPresent(Int.self, forKey: .rewardHistory) ?? defaults.rewardHistory
        weightSign = try container.decodeIfPresent(Bool.self, forKey: .weightSign) ?? false
        synapseKind = try container.decodeIfPresent(Bool.self, forKey: .synapseKind) ?? false
        layerTables = try container.decodeIfPresent(Bool.self, forKey: .layerTables) ?? false
        presynapticActivity = try container.decodeIfPresent(Bool.self, forKey: .presynapticActivity) ?? false
    }
}
