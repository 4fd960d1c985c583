import Foundation
import SynapticRL

/// Everything a gradient-descent (gd, sgd) or peer (hillclimb, spsa, es, signsgd) run needs to continue exactly
/// where it stopped: its one network's weights, what the optimizer remembers beside them (`PeerState`), the
/// metrics rows so far and where the run stood. Every random draw of these methods is keyed by (seed, iteration,
/// index), so no generator state is saved: the iteration is its position.
public struct PeerCheckpoint {
    public var configuration: ClassificationExperiment.Configuration
    /// The data the run trained on, to refuse resuming on other data.
    public var dataPath: String
    public var dataHash: String
    /// Iterations completed.
    public var iteration: Int
    /// The minibatch in use after `iteration` (0 for full-batch gd).
    public var batchNumber: Int
    /// Wall-clock seconds the run had taken, so its timings continue.
    public var elapsedSeconds: Double
    public var metrics: [ClassificationMetricsRow]
    public var network: Network
    /// The optimizer's memory (empty for gd and sgd, whose state is the weights and the step count, `iteration`).
    public var state: PeerState

    /// The methods that write one: every iterative method but synaptic RL's.
    public static func covers(_ method: ClassificationExperiment.Method) -> Bool {
        !method.isSynapticEngine && method != .lstsq
    }
}

/// A run folder's checkpoint, of either kind: `PeerCheckpointFile`'s or `CheckpointFile`'s (told apart by magic).
public enum RunCheckpoint {
    case synapticRL(Checkpoint)
    case peer(PeerCheckpoint)

    public var configuration: ClassificationExperiment.Configuration {
        switch self {
        case .synapticRL(let checkpoint): checkpoint.configuration
        case .peer(let checkpoint): checkpoint.configuration
        }
    }

    public var dataPath: String {
        switch self {
        case .synapticRL(let checkpoint): checkpoint.dataPath
        case .peer(let checkpoint): checkpoint.dataPath
        }
    }

    public var iteration: Int {
        switch self {
        case .synapticRL(let checkpoint): checkpoint.iteration
        case .peer(let checkpoint): checkpoint.iteration
        }
    }

    var synapticRL: Checkpoint? {
        if case .synapticRL(let checkpoint) = self { return checkpoint }
        return nil
    }

    var peer: PeerCheckpoint? {
        if case .peer(let checkpoint) = self { return checkpoint }
        return nil
    }
}

extension RunCheckpoint {
    /// The checkpoint of the run in `folder`, read by the format its magic names; a folder without one is
    /// explained (the run finished, or it was trained without checkpoints).
    public static func load(runFolder folder: URL) throws -> RunCheckpoint {
        let url = try CheckpointFile.existingCheckpoint(in: folder)
        let data = try AtomicFile.read(url, what: "checkpoint", limit: MemoryBudget.available)  // as large as a run may write
        return PeerCheckpointFile.hasMagic(data) ? .peer(try PeerCheckpointFile.decode(data, what: url.path))
            : .synapticRL(try CheckpointFile.decode(data, what: url.path))
    }
}
