import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct FastTanhTests {
    @Test func matchesDoubleTanhWithinFourUlpsAcrossTheRange() {
        var worst = 0.0
        var worstAt: Float = 0
        // Magnitudes from 1e-30 to 12 in steps of 0.1%, both signs: every regime of the kernel.
        var magnitude: Float = 1e-30
        while magnitude < 12 {
            for x in [magnitude, -magnitude] {
                let error = Tolerance.ulps(FastTanh.tanh(x), from: Foundation.tanh(Double(x)))
                if error > worst { (worst, worstAt) = (error, x) }
            }
            magnitude *= 1.001
        }
        #expect(worst <= 4, "worst error \(worst) ulp at x = \(worstAt)")
    }

    @Test func randomArgumentsAgreeWithinFourUlps() {
        var data = TestData(seed: 7)
        for value in data.floats(100_000, in: -20...20) {
            #expect(Tolerance.ulps(FastTanh.tanh(value), from: Foundation.tanh(Double(value))) <= 4, "at \(value)")
        }
    }

    @Test func specialValues() {
        #expect(FastTanh.tanh(.nan).isNaN)
        #expect(FastTanh.tanh(.infinity) == 1)
        #expect(FastTanh.tanh(-.infinity) == -1)
        #expect(FastTanh.tanh(0) == 0)
        #expect(FastTanh.tanh(30) == 1)
    }
}
