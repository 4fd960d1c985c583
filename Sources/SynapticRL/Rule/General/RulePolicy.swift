/// How a synapse picks its action from its state under a `SynapticRule`.
public enum RulePolicy: Sendable, Equatable, Codable {
    /// With probability ε a uniformly random action, else the greedy one, argmax_a Q(s, a) with the first
    /// maximum on ties (as Julia's and numpy's argmax): the paper's policy. ε follows the rule's ε schedule.
    case epsilonGreedy
    /// P(a) ∝ exp((Q(s, a) − max Q(s, ·)) / T), T from the rule's temperature schedule.
    case boltzmann
    /// A hand-written action for every state, no table read (ε exploration still applies).
    case fixed(RuleActionMap)

    public var name: String {
        switch self {
        case .epsilonGreedy: return "epsilon-greedy"
        case .boltzmann: return "boltzmann"
        case .fixed(let map): return "fixed \(map.name)"
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, map }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "epsilon-greedy": self = .epsilonGreedy
        case "boltzmann": self = .boltzmann
        case "fixed": self = .fixed(try container.decode(RuleActionMap.self, forKey: .map))
        default:
            throw RuleFile.unknown("policy kind", kind, known: ["epsilon-greedy", "boltzmann", "fixed"],
                                   at: container.codingPath + [CodingKeys.kind])
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .epsilonGreedy: try container.encode("epsilon-greedy", forKey: .kind)
        case .boltzmann: try container.encode("boltzmann", forKey: .kind)
        case .fixed(let map):
            try container.encode("fixed", forKey: .kind)
            try container.encode(map, forKey: .map)
        }
    }
}

/// A fixed policy: the action a synapse takes in each state, without a table.
public enum RuleActionMap: Sendable, Equatable, Codable {
    /// Repeat the last action if the last reward was +1, reverse it if it was −1, repeat it on 0 (or before any
    /// reward): a sign-following hill climber per synapse.
    case repeatOrReverse
    /// Repeat the last action if rewarded, take "none" if penalised, repeat on 0.
    case repeatOrStay
    /// actions[state], one per state of the rule's table, in its state order (`RuleStateSpace`).
    case table([Int])

    public var name: String {
        switch self {
        case .repeatOrReverse: return "repeat-or-reverse"
        case .repeatOrStay: return "repeat-or-stay"
        case .table: return "table"
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let actions = try? container.decode([Int].self) {
            self = .table(actions)
            return
        }
        let name = try container.decode(String.self)
        switch name {
        case "repeat-or-reverse": self = .repeatOrReverse
        case "repeat-or-stay": self = .repeatOrStay
        default:
            throw RuleFile.unknown("action map", name, known: ["repeat-or-reverse", "repeat-or-stay", "[actions per state]"],
                                   at: container.codingPath)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if case .table(let actions) = self { try container.encode(actions) } else { try container.encode(name) }
    }
}
