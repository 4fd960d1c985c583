import Dispatch
import Foundation

/// Wall-clock time per phase of a run, for `synrl train --profile`: each leaf phase (the sweep, each layer's
/// GEMM and activation, the loss reduction, the Q update, …) is timed where it runs; what no phase claims is
/// reported as "other".
public final class PhaseProfile {
    public private(set) var order: [String] = []
    public private(set) var seconds: [String: Double] = [:]
    /// Floating-point operations of the forward GEMMs, to report achieved GFLOP/s.
    public private(set) var gemmFlops: Double = 0
    private let start = DispatchTime.now().uptimeNanoseconds

    public init() {}

    @inline(__always)
    public func measure<Result>(_ phase: String, flops: Double = 0, _ body: () throws -> Result) rethrows -> Result {
        let begin = DispatchTime.now().uptimeNanoseconds
        defer {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - begin) * 1e-9
            if seconds[phase] == nil { order.append(phase) }
            seconds[phase, default: 0] += elapsed
            gemmFlops += flops
        }
        return try body()
    }

    public var totalSeconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }

    /// The GEMM phases' combined rate in GFLOP/s.
    public var gemmRate: Double {
        let gemmSeconds = order.filter { $0.hasSuffix("GEMM") }.reduce(0) { $0 + seconds[$1]! }
        return gemmSeconds > 0 ? gemmFlops / gemmSeconds * 1e-9 : 0
    }

    /// The single-thread sgemm rate in GFLOP/s on a (32, 785) · (785, 5000) product, the first layer of the
    /// paper's 32-hidden network on a 5000-sample minibatch, timed over about `seconds`.
    public static func measureReferenceGEMMRate(seconds budget: Double = 0.3) -> Double {
        let (m, k, n) = (32, 785, 5000)
        let a = [Float](repeating: 0.01, count: m * k), b = [Float](repeating: 0.5, count: k * n)
        var c = [Float](repeating: 0, count: m * n)
        var runs = 0
        let begin = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    BLAS.multiply(m: m, n: n, k: k, a: a.baseAddress!, lda: k, b: b.baseAddress!, ldb: n, beta: 0, c: &c, ldc: n)
                }
            }
            runs += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - begin) * 1e-9
        } while elapsed < budget
        return 2 * Double(m * n * k) * Double(runs) / elapsed * 1e-9
    }

    /// A table: phase, milliseconds per iteration, share of `total` seconds (the run, measured by the caller
    /// before it times the reference GEMM).
    public func report(iterations: Int, totalSeconds total: Double, referenceGEMMRate: Double) -> String {
        let claimed = order.reduce(0) { $0 + seconds[$1]! }
        func line(_ phase: String, _ value: Double) -> String {
            phase.padding(toLength: 32, withPad: " ", startingAt: 0)
                + String(format: "%12.4f %7.1f%%", value * 1000 / Double(max(iterations, 1)), value / total * 100)
        }
        var lines = ["phase".padding(toLength: 32, withPad: " ", startingAt: 0) + "ms/iteration".leftPadded(12) + "share".leftPadded(9)]
        for phase in order { lines.append(line(phase, seconds[phase]!)) }
        lines.append(line("other", max(total - claimed, 0)))
        lines.append(line("total", total))
        lines.append(String(format: "forward GEMMs: %.1f GFLOP/s achieved; single-thread sgemm reference (32×785 · 785×5000): %.1f GFLOP/s",
                            gemmRate, referenceGEMMRate))
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(width - count, 0)) + self }
}

extension Optional where Wrapped == PhaseProfile {
    /// Runs `body`, timed as `phase` when a profile is set: the one way a timed phase runs.
    @inline(__always)
    package func measure<Result>(_ phase: String, _ body: () throws -> Result) rethrows -> Result {
        guard let profile = self else { return try body() }
        return try profile.measure(phase, body)
    }
}
