import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct FastExpTests {
    @Test func expMatchesDoubleExpWithinTwoUlps() {
        var data = TestData(seed: 21)
        for x in data.floats(100_000, in: -87...88) + [0, -1e-30, 1e-30, -87, 88] {
            #expect(Tolerance.ulps(FastExp.exp(x), from: Foundation.exp(Double(x))) <= 2, "at \(x)")
        }
    }

    @Test func logMatchesDoubleLogWithinTwoUlpsAwayFromOne() {
        var data = TestData(seed: 22)
        // Near 1 the result is near 0 and an ulp of it is tiny, so there the bound is absolute (a Float ulp of 1).
        let arguments = data.floats(50_000, in: 1e-6...4).map { $0 * $0 } + data.floats(50_000, in: 1...1e6)
        for x in arguments + [1, 2, 0.5, Float.leastNormalMagnitude, Float.greatestFiniteMagnitude] {
            let reference = Foundation.log(Double(x))
            let error = abs(Double(FastExp.log(x)) - reference)
            #expect(error <= 2 * max(Double(Float(reference).ulp), Double(Float(1).ulp) / 2), "at \(x)")
        }
    }

    /// The cross-entropy's exp gives `exp`'s very bits on every argument it can see: a sweep through the bit
    /// patterns of the non-positive Floats (every 997th, so all exponents and many mantissas), −0, +0, −∞ and NaN.
    @Test func expOfNonPositiveIsExpBitForBit() {
        var pattern: UInt32 = 0x8000_0000  // −0, then ever more negative
        while pattern >= 0x8000_0000 {
            let x = Float(bitPattern: pattern)
            let (fast, reference) = (FastExp.expOfNonPositive(x), FastExp.exp(x))
            #expect(fast.bitPattern == reference.bitPattern || (fast.isNaN && reference.isNaN), "at \(x)")
            let (next, overflow) = pattern.addingReportingOverflow(997)
            if overflow { break }
            pattern = next
        }
        for x: Float in [0, -0.0, -.infinity, .nan, -.nan, -Float.leastNonzeroMagnitude, -87, -87.5, -88, -103] {
            let (fast, reference) = (FastExp.expOfNonPositive(x), FastExp.exp(x))
            #expect(fast.bitPattern == reference.bitPattern || (fast.isNaN && reference.isNaN), "at \(x)")
        }
    }

    @Test func specialValues() {
        #expect(FastExp.exp(.nan).isNaN)
        #expect(FastExp.exp(-.infinity) < 1e-37)
        #expect(FastExp.exp(0) == 1)
        #expect(FastExp.log(.nan).isNaN)
        #expect(FastExp.log(.infinity) == .infinity)
        #expect(FastExp.log(1) == 0)
    }
}
