/// What a general rule's engine carries from one iteration to the next, beside the weights: the table and the
/// running sum behind its average, and the parts of every synapse's memory that change (`RuleMemory`; its static
/// indices follow from the network). `SynapticTrainer.Snapshot.general` holds it, and a checkpoint stores it
/// array by array, so a restored trainer of any rule takes the uninterrupted one's next iterations.
public struct RuleEngineState: Sendable, Equatable {
    public var table: RuleTable
    /// Σ of the table after every learning iteration, and how many: the running mean's state.
    public var tableSums: [Double]
    public var learnedIterations: Int
    /// Per synapse: the last n actions (`RuleMemory.actionCodes`), the current action and the state it was
    /// chosen in.
    public var actionCodes: [UInt16]
    public var actions: [UInt8]
    public var states: [UInt32]
    /// The last m reward signs, shared.
    public var rewardCode: Int
    /// SARSA: the update that waits for the next iteration's actions.
    public var pending: RuleMemory.Pending?

    public init(table: RuleTable, tableSums: [Double], learnedIterations: Int, actionCodes: [UInt16], actions: [UInt8],
                states: [UInt32], rewardCode: Int, pending: RuleMemory.Pending?) {
        (self.table, self.tableSums, self.learnedIterations) = (table, tableSums, learnedIterations)
        (self.actionCodes, self.actions, self.states) = (actionCodes, actions, states)
        (self.rewardCode, self.pending) = (rewardCode, pending)
    }

    /// Throws, naming the part, unless the state fits `space` and a network of `synapseCount` synapses: every
    /// count, every code below its bound, the table and its sums finite, a pending reward in [−1, 1].
    public func validate(space: RuleStateSpace, synapseCount: Int) throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw SynapticRLError.invalidParameter("the rule engine's state: \(message)") }
        }
        try require(table.space == space, "its table has \(table.space.stateCount) states of \(table.space.actionCount) actions, "
            + "the rule \(space.stateCount) of \(space.actionCount)")
        try require(table.values.count == space.stateCount * space.actionCount && table.values.allSatisfy(\.isFinite),
                    "its table is not \(space.stateCount * space.actionCount) finite values")
        try require(tableSums.count == table.values.count && tableSums.allSatisfy(\.isFinite),
                    "the running sum is not \(table.values.count) finite values")
        try require(learnedIterations >= 0, "\(learnedIterations) learning iterations")
        try require(actionCodes.count == synapseCount && actions.count == synapseCount && states.count == synapseCount,
                    "its memory is not of \(synapseCount) synapses")
        try require(Self.fits(actionCodes, actions, states, space), "a synapse's code, action or state is out of range")
        try require((0..<space.rewardCodes).contains(rewardCode), "reward code \(rewardCode) is out of range")
        if let pending {
            try require(pending.reward.isFinite && (-1...1).contains(pending.reward), "the pending reward \(pending.reward) is not in [-1, 1]")
            try require(pending.states.count == synapseCount && pending.actions.count == synapseCount,
                        "the pending update is not of \(synapseCount) synapses")
            try require(Self.fits([], pending.actions, pending.states, space), "a pending action or state is out of range")
        }
    }

    private static func fits(_ codes: [UInt16], _ actions: [UInt8], _ states: [UInt32], _ space: RuleStateSpace) -> Bool {
        codes.allSatisfy { Int($0) < space.actionCodes } && actions.allSatisfy { Int($0) < space.actionCount }
            && states.allSatisfy { Int($0) < space.stateCount }
    }
}

extension RuleEngine {
    var state: RuleEngineState {
        RuleEngineState(table: table, tableSums: tableSums, learnedIterations: learnedIterations, actionCodes: memory.actionCodes,
                        actions: memory.actions, states: memory.states, rewardCode: memory.rewardCode, pending: memory.pending)
    }

    /// Takes the engine to `state`, checked first (nothing changes if it throws): a pending update only under SARSA.
    mutating func restore(_ state: RuleEngineState) throws {
        try state.validate(space: space, synapseCount: memory.synapseCount)
        if state.pending != nil {
            guard case .sarsa = rule.learning else {
                throw SynapticRLError.invalidParameter("the rule engine's state: a pending update, but the rule does not learn by SARSA")
            }
        }
        (table, tableSums, learnedIterations) = (state.table, state.tableSums, state.learnedIterations)
        (memory.actionCodes, memory.actions, memory.states) = (state.actionCodes, state.actions, state.states)
        (memory.rewardCode, memory.pending) = (state.rewardCode, state.pending)
    }
}
