import Foundation
import SynapticRL

/// Deliberate crashes for the checkpoint tests: with SYNRL_KILL_AT_ITERATION=N a run sends itself SIGKILL after
/// iteration N; with SYNRL_KILL_IN_CHECKPOINT_AT=N, halfway through writing the checkpoint of iteration N (a
/// partial temporary file left behind, as a machine failure would). Unset, each costs one comparison.
enum FaultInjection {
    static let killAtIteration = setting("SYNRL_KILL_AT_ITERATION")
    static let killInCheckpointAt = setting("SYNRL_KILL_IN_CHECKPOINT_AT")

    private static func setting(_ name: String) -> Int? {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) }
    }

    static func killIfDue(afterIteration iteration: Int) {
        if iteration == killAtIteration { kill(getpid(), SIGKILL) }
    }

    /// Writes half of `data` to a temporary of the kind `AtomicFile` makes for `url`, then dies.
    static func killIfDue(writing data: Data, to url: URL, iteration: Int) {
        guard iteration == killInCheckpointAt, let (descriptor, _) = try? AtomicFile.createTemporary(for: url) else { return }
        data.prefix(data.count / 2).withUnsafeBytes { _ = write(descriptor, $0.baseAddress, $0.count) }
        kill(getpid(), SIGKILL)
    }
}
