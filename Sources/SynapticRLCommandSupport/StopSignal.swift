import Dispatch
import Foundation
import SynapticRL
import SynapticRLExperiments

/// SIGINT and SIGTERM ask a long run to stop after its current iteration, write its artefacts and exit,
/// instead of dying mid-way; a second signal of the same kind kills it at once as usual.
public final class StopSignal {
    private let lock = NSLock()
    private var received: Int32?
    private var sources: [DispatchSourceSignal] = []

    public init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)  // delivered to the dispatch source instead
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.receive(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// The signal that asked for the stop, if one did.
    public var signalNumber: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    public var isRequested: Bool { signalNumber != nil }

    private func receive(_ number: Int32) {
        lock.lock()
        received = received ?? number
        lock.unlock()
        signal(number, SIG_DFL)
        log("\nreceived \(number == SIGINT ? "SIGINT" : "SIGTERM"): stopping after this iteration (send it again to kill)")
    }
}
