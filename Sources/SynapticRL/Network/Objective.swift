/// A task as the trainer sees it: a loss of the network's current weights, lower is better. A user's objective
/// may throw (a shape it cannot score, say); the trainer passes the error on.
public protocol Objective: AnyObject {
    /// The loss of `network` (one forward pass over the task's current batch).
    func loss(of network: Network) throws -> Double

    /// The loss of `network` just after a sweep moved every synapse k by step · (actions[k] − 1) (biases by
    /// their multiplier) from the weights of the previous evaluation: tasks that can use the moves to update
    /// incrementally do; the rest evaluate afresh.
    func loss(of network: Network, movedBy actions: [UInt8], step: Float) throws -> Double

    /// The activity of `network`'s inputs on the task's current batch, for a rule whose state holds it
    /// (`RuleStateFeatures.presynapticActivity`): `PresynapticActivity.measure` on the batch. Tasks that have no
    /// batch of inputs to show keep the default, which refuses such a rule.
    func presynapticActivity(of network: Network) throws -> PresynapticActivity
}

extension Objective {
    public func loss(of network: Network, movedBy actions: [UInt8], step: Float) throws -> Double {
        try loss(of: network)
    }

    public func presynapticActivity(of network: Network) throws -> PresynapticActivity {
        throw SynapticRLError.invalidParameter("this objective does not report the presynaptic activity a rule with that feature reads")
    }
}
