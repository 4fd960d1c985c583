/// What every synapse remembers under a general rule, as packed arrays beside the weight buffer (16-bit codes:
/// five actions remembered five deep is 3,125 codes), plus the shared reward history.
public struct RuleMemory: Sendable, Equatable {
    /// Per synapse: the last n actions in base A (`RuleStateSpace.pushingAction`).
    public var actionCodes: [UInt16]
    /// Per synapse: the action of the current iteration, 0..<A.
    public var actions: [UInt8]
    /// Per synapse: the table state its current action was chosen in.
    public var states: [UInt32]
    /// Per synapse: layer and kind (`RuleStateSpace.staticIndex`), fixed for the run.
    public let staticIndices: [UInt16]
    /// The last m reward signs, shared by every synapse.
    public var rewardCode: Int
    /// SARSA: the reward and the states and actions of the iteration whose update waits for the next action.
    public var pending: Pending?

    public struct Pending: Sendable, Equatable {
        public var reward: Double
        public var states: [UInt32]
        public var actions: [UInt8]

        public init(reward: Double, states: [UInt32], actions: [UInt8]) {
            (self.reward, self.states, self.actions) = (reward, states, actions)
        }
    }

    /// The memory at t = 0: every past action "none", every past reward neutral.
    public init(network: Network, space: RuleStateSpace) {
        let count = network.synapseCount
        actionCodes = [UInt16](repeating: UInt16(space.initialActionCode), count: count)
        actions = [UInt8](repeating: UInt8(space.actionCount / 2), count: count)
        states = [UInt32](repeating: 0, count: count)
        var indices = [UInt16](repeating: 0, count: count)
        for layer in 0..<network.layerCount {
            let (range, row) = (network.weightRange(ofLayer: layer), network.rowLength(ofLayer: layer))
            for index in range {
                indices[index] = UInt16(space.staticIndex(layer: layer, isBias: (index - range.lowerBound) % row == 0))
            }
        }
        staticIndices = indices
        rewardCode = space.initialRewardCode
    }

    public var synapseCount: Int { actions.count }
}
