import Foundation

extension PhaseProfile {
    /// A table: phase, milliseconds per iteration, share of `total` seconds (the run, measured by the caller
    /// before it times the reference GEMM); then the iteration's share outside the first layer, and each GEMM
    /// phase's achieved rate: 2·m·n·k flops per call over that phase's own time.
    public func report(iterations: Int, totalSeconds total: Double, referenceGEMMRate: Double) -> String {
        let perIteration = 1000 / Double(max(iterations, 1))
        let claimed = order.reduce(0) { $0 + seconds[$1]! }
        func line(_ phase: String, _ value: Double) -> String {
            phase.padding(toLength: 32, withPad: " ", startingAt: 0)
                + String(format: "%12.4f %7.1f%%", value * perIteration, value / total * 100)
        }
        var lines = ["phase".padding(toLength: 32, withPad: " ", startingAt: 0) + "ms/iteration".leftPadded(12) + "share".leftPadded(9)]
        for phase in order { lines.append(line(phase, seconds[phase]!)) }
        lines.append(line("other", max(total - claimed, 0)))
        lines.append(line("total", total))
        if hasParallelSections {
            lines.append("(the phases of the per-sample-block pass, which threads share, divide its wall time in proportion to "
                + "their thread time)")
        }

        let iteration = total - seconds(of: Phase.betweenIterations)
        let outside = iteration - seconds(of: Phase.firstLayer)
        lines.append(String(format: "iteration (the total less %@): %.4f ms", Phase.betweenIterations.joined(separator: ", "),
                            iteration * perIteration))
        lines.append(String(format: "outside the first layer (the iteration less %@): %.4f ms, %.1f%% of the iteration",
                            Phase.firstLayer.filter { seconds[$0] != nil }.joined(separator: ", "),
                            outside * perIteration, iteration > 0 ? outside / iteration * 100 : 0))

        let gemmPhases = order.filter { gemms[$0] != nil }
        if !gemmPhases.isEmpty {
            lines.append("GEMMs, 2·m·n·k flops per call (C (m, n) += A (m, k) · B (k, n)) over the time its calls took on "
                + "the threads that made them, so a rate per thread (a later layer's includes filling C with its bias):")
        }
        for phase in gemmPhases {
            let tally = gemms[phase]!, time = tally.threadSeconds
            lines.append(String(format: "  %@ %@: %d call%@, %.4g GFLOP, %.1f GFLOP/s", phase,
                                tally.shapes.map(\.description).joined(separator: ", "), tally.calls, tally.calls == 1 ? "" : "s", tally.flops * 1e-9,
                                time > 0 ? tally.flops / time * 1e-9 : 0))
        }
        lines.append(String(format: "single-thread sgemm reference %@: %.1f GFLOP/s", Self.referenceGEMM.description, referenceGEMMRate))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The own seconds of those of `phases` that ran.
    private func seconds(of phases: [String]) -> Double {
        phases.reduce(0) { $0 + (seconds[$1] ?? 0) }
    }
}

extension PhaseProfile.GEMMShape: CustomStringConvertible {
    public var description: String { "(m \(m), n \(n), k \(k))" }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(width - count, 0)) + self }
}
