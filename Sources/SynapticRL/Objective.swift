/// A task as the trainer sees it: a loss of the network's current weights, lower is better.
public protocol Objective: AnyObject {
    /// The loss of `network` (one forward pass over the task's current batch).
    func loss(of network: Network) -> Double
}
