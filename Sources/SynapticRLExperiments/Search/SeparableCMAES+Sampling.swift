import Foundation
import SynapticRL

extension SeparableCMAES {
    /// The standard normal steps z_k ~ N(0, I) of the current generation, one row per candidate: candidate k's row
    /// comes from its own counter stream keyed by (seed, restart, generation, k), so it depends on nothing else.
    func standardSteps() -> [[Double]] {
        let restartKey = CounterRandom.key(seed: settings.seed, stream: .policySearch, iteration: UInt64(restarts))
        let generationKey = CounterRandom.key(seed: restartKey, stream: .policySearch, iteration: UInt64(generation))
        return (0..<populationSize).map { candidate in
            var draws = CounterStream(seed: generationKey, stream: .policySearch, iteration: UInt64(candidate))
            return (0..<settings.dimension).map { _ in Self.standardNormal(&draws) }
        }
    }

    /// One standard normal in Double by the Box–Muller transform (one of the pair: sampling is cheap beside a
    /// fitness evaluation). `CounterStream.standardNormal()` gives a Float, too coarse for steps that shrink to
    /// 1e-12 of σ₀ around a mean of order 1.
    static func standardNormal(_ draws: inout CounterStream) -> Double {
        let u1 = Double((draws.next() >> 11) + 1) * 0x1p-53  // (0, 1]: the log stays finite
        let u2 = Double(draws.next() >> 11) * 0x1p-53
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
