import Foundation

/// Our counter-based generator: every random number is a pure function of (seed, stream, iteration, counter),
/// so a synapse's draw does not depend on which thread or process handles it, nor on what was drawn before.
///
/// The mixer is SplitMix64's finaliser (Steele, Lea & Flood 2014, constants of Stafford's variant 13), a
/// bijection on 64-bit words with full avalanche; a key is the mix of the seed, the stream and the iteration,
/// and the n-th value under a key is `mix(key + (n + 1) · γ)` with γ the 64-bit golden ratio.
public enum CounterRandom {
    /// The independent uses of randomness in a run; each gets its own key space.
    public enum Stream: UInt64, Sendable {
        case synapseActions = 1
        case initialWeights = 2
        case boundaryTarget = 3
        case boundaryPoints = 4
        case minibatch = 5
        case dataSplit = 6
        case benchmarkData = 7
        /// A caller's own draws (an in-memory data set, noise of an experiment's own), apart from the engine's.
        case user = 8
        /// The gradient-free peers' draws (SynapticRLExperiments): hillclimb's moves, SPSA's and ES's perturbations.
        case hillclimbMoves = 9
        case spsaPerturbations = 10
        case esPerturbations = 11
        /// The separable CMA-ES's draws (SynapticRLExperiments, `synrl evolve`): each candidate's steps keyed by
        /// (seed, restart, generation, candidate index).
        case policySearch = 12
    }

    static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The key of one (seed, stream, iteration); computed once per iteration, not per synapse.
    public static func key(seed: UInt64, stream: Stream, iteration: UInt64) -> UInt64 {
        mix(mix(seed ^ (stream.rawValue &* 0xD1B5_4A32_D192_ED03)) &+ iteration &* golden)
    }

    /// A bijective 32-bit mixer (the "lowbias32" constants of Wellons' hash prospector): cheap in 32-bit SIMD
    /// lanes, which is why the per-synapse draws use it instead of the 64-bit mixer.
    @inline(__always)
    public static func mix32(_ value: UInt32) -> UInt32 {
        var x = value
        x ^= x &>> 16
        x &*= 0x7FEB_352D
        x ^= x &>> 15
        x &*= 0x846C_A68B
        return x ^ (x &>> 16)
    }

    /// Synapse `index`'s two draws in the iteration keyed by `key`: the first decides exploration, the second
    /// picks the random action. Chained so that the second is a fresh mix of the first under the other key half.
    @inline(__always)
    public static func synapseDraws(key: UInt64, index: UInt32) -> (explore: UInt32, action: UInt32) {
        let explore = mix32(index ^ UInt32(truncatingIfNeeded: key))
        return (explore, mix32(explore ^ UInt32(truncatingIfNeeded: key >> 32)))
    }

    /// The 64 random bits numbered `counter` under `key`.
    @inline(__always)
    public static func bits(key: UInt64, counter: UInt64) -> UInt64 {
        mix(key &+ (counter &+ 1) &* golden)
    }
}

/// A sequential view of one counter-based key, for set-up work (data, initial weights, minibatches).
public struct CounterStream: RandomNumberGenerator {
    public let key: UInt64
    public private(set) var counter: UInt64 = 0

    public init(seed: UInt64, stream: CounterRandom.Stream, iteration: UInt64 = 0) {
        key = CounterRandom.key(seed: seed, stream: stream, iteration: iteration)
    }

    public mutating func next() -> UInt64 {
        defer { counter &+= 1 }
        return CounterRandom.bits(key: key, counter: counter)
    }

    /// Uniform in [0, 1) with 24 random bits, exactly representable in Float.
    public mutating func unitFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// Uniform in [lower, upper).
    public mutating func uniform(_ lower: Float, _ upper: Float) -> Float {
        lower + (upper - lower) * unitFloat()
    }

    /// Uniform integer in 0..<bound by Lemire's multiply-shift (bias below 2^-32 for bounds under 2^32).
    public mutating func index(below bound: Int) -> Int {
        precondition(bound > 0 && bound <= Int(UInt32.max), "index bound out of range")
        return Int(((next() >> 32) &* UInt64(bound)) >> 32)
    }
}

extension CounterStream {
    /// A standard normal draw by the Box–Muller transform (one of the pair, for simplicity).
    public mutating func standardNormal() -> Float {
        let u1 = Double((next() >> 11) + 1) * 0x1p-53  // (0, 1]: log stays finite
        let u2 = Double(next() >> 11) * 0x1p-53
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}
