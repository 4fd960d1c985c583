import Dispatch
import Foundation

/// Wall-clock time per phase of a run, for `synrl train --profile`: each leaf phase (the sweep, each layer's
/// GEMM and activation, the loss reduction, the Q update, …) is timed where it runs. A phase's time is its own:
/// a phase timed inside another (a re-evaluation at a minibatch switch runs the layers' phases) is taken out of
/// the outer one, so the phases add up; what no phase claims is reported as "other". A GEMM phase also counts its
/// calls and floating-point operations, for its achieved rate (`PhaseProfile+Report.swift`).
public final class PhaseProfile {
    /// One GEMM's shape: C (m, n) += A (m, k) · B (k, n).
    public struct GEMMShape: Hashable, Sendable {
        public let m: Int, n: Int, k: Int
        public init(m: Int, n: Int, k: Int) { (self.m, self.n, self.k) = (m, n, k) }
        /// 2·m·n·k: a multiply and an add per term.
        public var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
    }

    /// What one GEMM phase ran: its calls, their distinct shapes, their floating-point operations, and the
    /// seconds its calls took on the threads that made them (the phase's own time, where it ran on one thread).
    public struct GEMMTally: Sendable {
        public internal(set) var calls = 0
        public internal(set) var flops: Double = 0
        public internal(set) var shapes: [GEMMShape] = []
        public internal(set) var threadSeconds: Double = 0
    }

    /// The phases in the order they first began.
    public private(set) var order: [String] = []
    /// Each phase's own seconds: the phases timed inside it are not in it.
    public private(set) var seconds: [String: Double] = [:]
    /// The GEMM phases' calls and floating-point operations.
    public private(set) var gemms: [String: GEMMTally] = [:]
    /// Whether some phases ran in parallel sections (`measureParallel`), their times apportioned.
    public private(set) var hasParallelSections = false
    /// For each phase now running, outermost first: the seconds of the phases that ran inside it.
    private var innerSeconds: [Double] = []
    private let start = DispatchTime.now().uptimeNanoseconds

    public init() {}

    @inline(__always)
    public func measure<Result>(_ phase: String, _ body: () throws -> Result) rethrows -> Result {
        if seconds[phase] == nil {
            order.append(phase)
            seconds[phase] = 0
        }
        let begin = DispatchTime.now().uptimeNanoseconds
        innerSeconds.append(0)
        defer {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - begin) * 1e-9
            let inner = innerSeconds.removeLast()
            seconds[phase]! += elapsed - inner
            if !innerSeconds.isEmpty { innerSeconds[innerSeconds.count - 1] += elapsed }
        }
        return try body()
    }

    /// Times `body`, one GEMM of `shape`, as `phase`, and counts it.
    @inline(__always)
    public func measure<Result>(_ phase: String, gemm shape: GEMMShape, _ body: () throws -> Result) rethrows -> Result {
        var tally = gemms[phase, default: GEMMTally()]
        tally.calls += 1
        tally.flops += shape.flops
        if !tally.shapes.contains(shape) { tally.shapes.append(shape) }
        let before = seconds[phase] ?? 0
        defer {
            tally.threadSeconds += seconds[phase]! - before
            gemms[phase] = tally
        }
        return try measure(phase, body)
    }

    /// Runs `body`, a parallel section whose threads time their phases each into one of `parts`, and adds those
    /// phases here: the section's wall time is shared among them in proportion to their thread time (so the
    /// phases still add up to the run, whatever the thread count), their GEMM calls and flops are added, and each
    /// GEMM phase's thread seconds kept for its rate per thread.
    public func measureParallel(parts: [PhaseProfile], _ body: () -> Void) {
        let begin = DispatchTime.now().uptimeNanoseconds
        body()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - begin) * 1e-9
        var threadSeconds: [String: Double] = [:]
        for part in parts {
            for phase in part.order {
                threadSeconds[phase, default: 0] += part.seconds[phase]!
                if seconds[phase] == nil {
                    order.append(phase)
                    seconds[phase] = 0
                }
            }
            for (phase, tally) in part.gemms {
                var sum = gemms[phase, default: GEMMTally()]
                sum.calls += tally.calls
                sum.flops += tally.flops
                sum.threadSeconds += part.seconds[phase]!
                for shape in tally.shapes where !sum.shapes.contains(shape) { sum.shapes.append(shape) }
                gemms[phase] = sum
            }
        }
        hasParallelSections = true
        let total = threadSeconds.values.reduce(0, +)
        for (phase, time) in threadSeconds { seconds[phase]! += total > 0 ? elapsed * time / total : 0 }
        if !innerSeconds.isEmpty { innerSeconds[innerSeconds.count - 1] += elapsed }
    }

    public var totalSeconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }

    /// The shape `measureReferenceGEMMRate` times: the first layer of the paper's 32-hidden network, bias
    /// column included, on a 5000-sample minibatch.
    public static let referenceGEMM = GEMMShape(m: 32, n: 5000, k: 785)

    /// The single-thread sgemm rate in GFLOP/s on `referenceGEMM`, timed over about `seconds`.
    public static func measureReferenceGEMMRate(seconds budget: Double = 0.3) -> Double {
        let (m, n, k) = (referenceGEMM.m, referenceGEMM.n, referenceGEMM.k)
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
        return referenceGEMM.flops * Double(runs) / elapsed * 1e-9
    }
}

extension Optional where Wrapped == PhaseProfile {
    /// Runs `body`, timed as `phase` when a profile is set: the one way a timed phase runs. The phase's name is
    /// made only then: a name built by interpolation ("layer 2 activation") is an allocation.
    @inline(__always)
    package func measure<Result>(_ phase: @autoclosure () -> String, _ body: () throws -> Result) rethrows -> Result {
        guard let profile = self else { return try body() }
        return try profile.measure(phase(), body)
    }

    /// `PhaseProfile.measureParallel` when a profile is set, else just `body`.
    @inline(__always)
    package func measureParallel(parts: [PhaseProfile], _ body: () -> Void) {
        guard let profile = self else { return body() }
        profile.measureParallel(parts: parts, body)
    }

    /// Runs `body`, one GEMM of `shape`, timed and counted as `phase` when a profile is set.
    @inline(__always)
    package func measure<Result>(_ phase: @autoclosure () -> String, gemm shape: PhaseProfile.GEMMShape,
                                 _ body: () throws -> Result) rethrows -> Result {
        guard let profile = self else { return try body() }
        return try profile.measure(phase(), gemm: shape, body)
    }
}
