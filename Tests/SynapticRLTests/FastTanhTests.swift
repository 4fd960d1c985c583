import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// FastTanh against its twin, Double tanh, held to `FastTanh.ulpBound` ulps of the Float result (the bound
/// measured over every Float is 6.4 ulp; see FastTanh's comment).
@Suite struct FastTanhTests {
    static func error(at x: Float) -> Double { Tolerance.ulps(FastTanh.tanh(x), from: Foundation.tanh(Double(x))) }

    @Test func matchesDoubleTanhAcrossEveryRegime() {
        var worst = 0.0
        var worstAt: Float = 0
        // Magnitudes from the least subnormal to 12 in steps of 0.1%, both signs: tiny, the quotient, the clamp.
        var magnitude = Float.leastNonzeroMagnitude
        while magnitude < 12 {
            for x in [magnitude, -magnitude] where Self.error(at: x) > worst { (worst, worstAt) = (Self.error(at: x), x) }
            magnitude = max(magnitude * 1.001, magnitude.nextUp)
        }
        #expect(worst <= FastTanh.ulpBound, "worst error \(worst) ulp at x = \(worstAt)")
        print("FastTanh: worst \(worst) ulp at x = \(worstAt) over the 0.1% sweep")
    }

    /// Every 251st bit pattern of the non-negative finite Floats (8.5 million values, all exponents), and their negatives.
    @Test func matchesDoubleTanhOnAStrideThroughEveryFloat() {
        var worst = 0.0
        var worstAt: Float = 0
        for bits in stride(from: UInt32(0), to: 0x7F80_0000, by: 251) {
            let x = Float(bitPattern: bits)
            let error = Self.error(at: x)
            if error > worst { (worst, worstAt) = (error, x) }
            #expect(FastTanh.tanh(-x) == -FastTanh.tanh(x), "odd at \(x)")
        }
        #expect(worst <= FastTanh.ulpBound, "worst error \(worst) ulp at x = \(worstAt)")
    }

    @Test(arguments: [UInt64(7), 8_112, 0x5EED_F00D])
    func randomBitPatternsAgreeWithinTheBound(seed: UInt64) {
        var stream = SynapticRLTestStream(seed: seed)
        for _ in 0..<200_000 {
            let x = Float(bitPattern: UInt32(truncatingIfNeeded: stream.next()))
            guard x.isFinite else { continue }
            let value = FastTanh.tanh(x)
            #expect(Self.error(at: x) <= FastTanh.ulpBound, "at \(x)")
            #expect(abs(value) <= 1, "|tanh| above 1 at \(x)")
        }
    }

    @Test func specialValues() {
        #expect(FastTanh.tanh(.nan).isNaN)
        #expect(FastTanh.tanh(-.nan).isNaN)
        // Beyond the clamp every argument gives the value at the clamp, 1 − 3·2⁻²⁴: 3 Floats below tanh's rounded 1.
        let saturated = Float(1).nextDown.nextDown.nextDown
        for large: Float in [30, .greatestFiniteMagnitude, .infinity] {
            #expect(FastTanh.tanh(large) == saturated && FastTanh.tanh(-large) == -saturated, "at \(large)")
            #expect(Tolerance.ulps(FastTanh.tanh(large), from: 1) <= FastTanh.ulpBound)
        }
        #expect(FastTanh.tanh(0) == 0 && FastTanh.tanh(0).sign == .plus)
        #expect(FastTanh.tanh(-0.0) == 0 && FastTanh.tanh(-0.0).sign == .minus)
        // Tiny and subnormal arguments: within 2 ulp of tanh (P(0) = 1 − 1.2e-7), sign included.
        for tiny in [Float.leastNonzeroMagnitude, .leastNormalMagnitude.nextDown, .leastNormalMagnitude, 1e-20, 1e-6] {
            #expect(Self.error(at: tiny) <= 2 && FastTanh.tanh(-tiny) == -FastTanh.tanh(tiny), "at \(tiny)")
            #expect(FastTanh.tanh(tiny) > 0, "at \(tiny)")
        }
        #expect(FastTanh.tanh(.leastNonzeroMagnitude) == .leastNonzeroMagnitude)
    }

    /// The in-place loop (vectorised) gives the scalar function's values exactly, around vector widths.
    @Test(arguments: [1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 1000])
    func applyMatchesTheScalarFunction(count: Int) {
        var data = TestData(seed: UInt64(100 + count))
        let input = data.floats(count, in: -12...12)
        var output = input
        output.withUnsafeMutableBufferPointer { FastTanh.apply(to: $0.baseAddress!, count: count) }
        #expect(output == input.map(FastTanh.tanh))
    }
}
