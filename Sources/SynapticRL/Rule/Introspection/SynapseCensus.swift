/// Where a rule's synapses stand at one iteration, taken at a report (never per iteration): how many synapses
/// chose their action in each table state and which actions they took there, and per weight layer the action
/// shares and the mean |Δw| of the iteration's move.
///
/// |Δw| of synapse k with action level c (`RuleActionSet.level(of:)`) at step α_s:
///     additive:        α_s · |c| · (m_bias if k is a bias else 1)
///     multiplicative:  |w_before · c · α_s|, with w_before = w_after / (1 + c · α_s)
/// The census is plain loops over the synapses (`SynapticTrainer.census()` takes one from a trainer).
public struct SynapseCensus: Sendable, Equatable {
    /// The synapses that chose their action in one state, and how many took each action there.
    public struct Visit: Sendable, Equatable {
        public var state: Int
        /// Per action 0..<A (the action set's order, most negative first).
        public var actionCounts: [Int]
        public var synapses: Int { actionCounts.reduce(0, +) }
    }

    /// One weight layer's moves.
    public struct Layer: Sendable, Equatable {
        public var synapses: Int
        public var actionCounts: [Int]
        /// Σ |Δw| / synapses over the layer's weights and biases.
        public var meanAbsoluteChange: Double

        public var actionShares: [Double] { actionCounts.map { Double($0) / Double(max(synapses, 1)) } }
    }

    public let actionCount: Int
    public let synapseCount: Int
    /// The visited states in increasing order (nil where the states were not kept: `SynapticTrainer.census()`).
    public let visits: [Visit]?
    public let layers: [Layer]

    /// The census of `network` after a move: `actions` per synapse (0..<A), `states` the table state each was
    /// chosen in (nil: no visits), `step` the α_s of the move, `biasMultiplier` a bias's step factor.
    public init(network: Network, actions: [UInt8], states: [Int]?, actionSet: RuleActionSet, step: Float,
                biasMultiplier: Float) {
        precondition(actions.count == network.synapseCount && (states?.count ?? actions.count) == actions.count,
                     "a census needs one action (and state) per synapse")
        let count = actionSet.count
        (actionCount, synapseCount) = (count, network.synapseCount)
        visits = states.map { states in
            var counts: [Int: [Int]] = [:]
            for (state, action) in zip(states, actions) {
                counts[state, default: [Int](repeating: 0, count: count)][Int(action)] += 1
            }
            return counts.keys.sorted().map { Visit(state: $0, actionCounts: counts[$0]!) }
        }
        layers = (0..<network.layerCount).map { layer in
            let (range, row) = (network.weightRange(ofLayer: layer), network.rowLength(ofLayer: layer))
            var actionCounts = [Int](repeating: 0, count: count)
            var change = 0.0
            for index in range {
                let level = Float(actionSet.level(of: Int(actions[index])))
                actionCounts[Int(actions[index])] += 1
                if actionSet.isAdditive {
                    let isBias = (index - range.lowerBound) % row == 0
                    change += Double(step * abs(level) * (isBias ? biasMultiplier : 1))
                } else {
                    let factor = 1 + level * step
                    change += factor == 0 ? 0 : Double(abs(network.weights[index] / factor * level * step))
                }
            }
            return Layer(synapses: range.count, actionCounts: actionCounts, meanAbsoluteChange: change / Double(max(range.count, 1)))
        }
    }

    /// Each visit's share of all synapses, in `visits` order (shares sum to 1).
    public var visitShares: [Double] {
        (visits ?? []).map { Double($0.synapses) / Double(max(synapseCount, 1)) }
    }
}
