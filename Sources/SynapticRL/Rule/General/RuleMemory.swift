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
    /// Per synapse, under a rule that reads the presynaptic activity (else empty): where its input's flag is in
    /// `presynapticFlags` (layer l's input j at Σ_{l' < l} inputs + j, every bias at the last place).
    public let presynapticUnits: [UInt32]
    /// The activity the sweep reads (`PresynapticActivity.flags`): every input inactive until one is set.
    public private(set) var presynapticFlags: [UInt8]
    /// Per synapse: its input's flag (1 active), gathered when the flags change, so the sweep reads it in order.
    public private(set) var presynapticActive: [UInt8]
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
        (presynapticUnits, presynapticFlags) = space.activities == 2 ? Self.presynapticLayout(network) : ([], [])
        presynapticActive = presynapticUnits.map { [presynapticFlags] in presynapticFlags[Int($0)] }
    }

    /// Each synapse's place in the flags of every layer's inputs, and the flags with every input inactive.
    private static func presynapticLayout(_ network: Network) -> ([UInt32], [UInt8]) {
        let inputs = (0..<network.layerCount).map(network.inputs(ofLayer:))
        let biasPlace = inputs.reduce(0, +)
        var units = [UInt32](repeating: 0, count: network.synapseCount)
        var first = 0
        for layer in 0..<network.layerCount {
            let (range, row) = (network.weightRange(ofLayer: layer), network.rowLength(ofLayer: layer))
            for index in range {
                let column = (index - range.lowerBound) % row
                units[index] = UInt32(column == 0 ? biasPlace : first + column - 1)
            }
            first += inputs[layer]
        }
        var flags = [UInt8](repeating: 0, count: biasPlace + 1)
        flags[biasPlace] = 1
        return (units, flags)
    }

    /// Takes `activity` (of `network`'s inputs) as the one the next sweeps read; a no-op where the rule does not read it.
    public mutating func setPresynapticActivity(_ activity: PresynapticActivity, network: Network) throws {
        guard !presynapticUnits.isEmpty else { return }
        try activity.validate(for: network)
        let flags = activity.flags
        guard flags != presynapticFlags else { return }  // a first layer's pixels keep theirs for a whole minibatch
        presynapticFlags = flags
        for k in presynapticActive.indices { presynapticActive[k] = flags[Int(presynapticUnits[k])] }
    }

    /// Whether synapse k's input is active under the flags in force (false where the rule does not read it).
    func isPresynapticActive(_ k: Int) -> Bool {
        !presynapticUnits.isEmpty && presynapticFlags[Int(presynapticUnits[k])] == 1
    }

    public var synapseCount: Int { actions.count }
}
