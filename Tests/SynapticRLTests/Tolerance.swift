import Foundation

/// The suite's one tolerance policy.
/// - Integer codes, actions and rewards: exact.
/// - Float32 arithmetic done in the same order: exact.
/// - BLAS vs the plain-loop twin: relative 1e-5 of the magnitude Σ|a·b| of the dot product, because BLAS
///   kernels (which differ by CPU) reorder and fuse the sums; never exact equality on BLAS output.
/// - Float32 transcendental kernels vs Double references: in ulps of the Float result, bound stated per test.
enum Tolerance {
    static let blasRelative: Float = 1e-5
    static let lossRelative = 1e-6

    static func ulps(_ value: Float, from reference: Double) -> Double {
        abs(Double(value) - reference) / Double(Float(reference).ulp)
    }
}

/// A repeatable source of random test data (never the system generator).
struct TestData {
    var stream: SynapticRLTestStream

    init(seed: UInt64) { stream = SynapticRLTestStream(seed: seed) }

    mutating func floats(_ count: Int, in range: ClosedRange<Float> = -1...1) -> [Float] {
        (0..<count).map { _ in stream.uniform(range.lowerBound, range.upperBound) }
    }

    mutating func int(below bound: Int) -> Int { stream.index(below: bound) }
}
