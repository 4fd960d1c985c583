import SynapticRL

/// A peer of synaptic RL that `ClassificationRun.trainPeer` drives (hillclimb, spsa, es, signsgd): it trains one
/// network on the run's minibatch schedule, every random draw keyed by (seed, iteration, index) so that any
/// thread count gives the same bits, and hands over all it remembers for a checkpoint.
protocol PeerOptimizer: AnyObject {
    /// The weights now.
    var network: Network { get }
    /// Makes minibatch `number` the one in use (the run's schedule: a new one every `resampleEvery` iterations);
    /// a method that compares losses (hillclimb) re-evaluates its weights on it where `reevaluateAtSwitch` says so,
    /// as `Configuration.trainingCost` charges.
    func selectBatch(number: Int) throws
    /// The loss of the current weights on the minibatch in use: iteration 0's metrics row.
    func currentLoss() throws -> Double
    /// The step in force, for the metrics' step column (hillclimb and signsgd: the move; spsa: the gain a_k;
    /// es: Adam's learning rate).
    var stepSize: Float { get }
    /// Step `iteration` (from 1): returns the minibatch loss it reports (the method's own: the loss after a
    /// hill-climbing move, the mean of SPSA's two evaluations, the population's mean, the loss before a signsgd
    /// step).
    func step(iteration: Int) throws -> Double
    /// What the optimizer remembers beside the weights (Adam's moments, the loss a move compares with), to
    /// continue exactly after a checkpoint.
    var state: PeerState { get }
    /// Continues from `state` with `network`'s weights; refuses a state of another shape.
    func restore(network: Network, state: PeerState) throws
}

/// A peer optimizer's memory: named Float arrays and Double scalars (bit patterns kept, so losses compare
/// exactly after a resume).
public struct PeerState: Sendable, Equatable, Codable {
    public var arrays: [String: [Float]]
    public var scalars: [String: Double]

    public init(arrays: [String: [Float]] = [:], scalars: [String: Double] = [:]) {
        (self.arrays, self.scalars) = (arrays, scalars)
    }
}
