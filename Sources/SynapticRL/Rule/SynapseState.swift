/// Per-synapse memory as parallel packed arrays beside the weight buffer, plus the shared reward history.
public struct SynapseState: Sendable, Equatable {
    public let coding: HistoryCoding
    /// Per synapse: its last n actions as one packed code (`HistoryCoding`).
    public var actionCodes: [UInt8]
    /// Per synapse: the action chosen in the current iteration (0 = −, 1 = none, 2 = +).
    public var actions: [UInt8]
    /// The last n global rewards, shared by every synapse.
    public var rewardCode: UInt8

    /// The state at t = 0: every past action "none", every past reward "neutral".
    public init(synapseCount: Int, historyLength: Int) {
        coding = HistoryCoding(length: historyLength)
        actionCodes = [UInt8](repeating: coding.initialCode, count: synapseCount)
        actions = [UInt8](repeating: ActionSymbol.none, count: synapseCount)
        rewardCode = coding.initialCode
    }

    public var synapseCount: Int { actionCodes.count }

    /// Moves every synapse's history on by the action it just took.
    public mutating func pushActions() {
        let coding = self.coding
        actions.withUnsafeBufferPointer { actions in
            actionCodes.withUnsafeMutableBufferPointer { codes in
                for index in codes.indices { codes[index] = coding.pushing(actions[index], onto: codes[index]) }
            }
        }
    }

    /// Moves the shared reward history on by one reward symbol.
    public mutating func pushReward(_ symbol: UInt8) {
        rewardCode = coding.pushing(symbol, onto: rewardCode)
    }
}
