import Foundation
import SynapticRL
import SynapticRLExperiments

/// Progress on standard error: one live line (rewritten in place) on a terminal, plain lines otherwise.
public final class ProgressReporter {
    private let enabled: Bool
    private let live: Bool
    private var wroteLive = false
    private var lastLiveWrite = 0.0
    /// What is counted: "it" (iterations), or "gen" for a search's generations.
    private let unit: String

    public init(enabled: Bool, unit: String = "it") {
        self.enabled = enabled
        self.unit = unit
        live = isatty(STDERR_FILENO) == 1
    }

    /// A milestone (an evaluation, a periodic report) is always shown; other updates only refresh the live line
    /// on a terminal, at most 5 times a second.
    public func report(iteration: Int, of total: Int, seconds: Double, fields: String, milestone: Bool = true) {
        guard enabled else { return }
        guard milestone || (live && seconds - lastLiveWrite >= 0.2) else { return }
        lastLiveWrite = seconds
        let rate = seconds > 0 ? Double(iteration) / seconds : 0
        let remaining = rate > 0 ? Double(total - iteration) / rate : 0
        let line = String(format: rate < 10 ? "%@ %d/%d  %.2f %@/s  ETA %@  %@" : "%@ %d/%d  %.0f %@/s  ETA %@  %@",
                          bar(iteration, total), iteration, total, rate, unit, Self.clock(remaining), fields)
        if live {
            StandardStreams.writeError("\r\u{1B}[K" + line)
            wroteLive = true
        } else {
            StandardStreams.writeError(line + "\n")
        }
    }

    /// Ends the live line, if one was written (once: a second call writes nothing).
    public func finish() {
        if wroteLive { StandardStreams.writeError("\n") }
        wroteLive = false
    }

    /// Ends this run's line and readies the reporter for the next run of a series (each run's clock starts at 0).
    public func startNextRun() {
        finish()
        lastLiveWrite = 0
    }

    private func bar(_ done: Int, _ total: Int) -> String {
        let width = 20
        let filled = total > 0 ? min(width, done * width / total) : 0
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }

    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
    }
}
