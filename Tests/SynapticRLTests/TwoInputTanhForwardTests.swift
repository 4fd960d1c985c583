import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// The fused 2-H-1 tanh forward pass against its scalar twin (exactly: same arithmetic, same order) and against
/// the layer-by-layer ForwardPass (BLAS GEMMs, which sum in another order: `Tolerance.blasRelative`).
@Suite struct TwoInputTanhForwardTests {
    static func network(hiddenUnits: Int, data: inout TestData) throws -> Network {
        var network = try Network(sizes: [2, hiddenUnits, 1], activations: [.tanh, .tanh])
        network.weights = data.floats(network.synapseCount)
        return network
    }

    /// The kernels' outputs on `range` of the points, in a buffer of NaN sentinels (with their bits) elsewhere.
    static func outputs(_ network: Network, on points: Batch, range: Range<Int>,
                        kernel: TwoInputTanhForward.Kernel) -> [Float] {
        var outputs = [Float](repeating: sentinel, count: points.count)
        outputs.withUnsafeMutableBufferPointer {
            TwoInputTanhForward.compute(network, on: points, range: range, into: $0.baseAddress!, kernel: kernel)
        }
        return outputs
    }

    static let sentinel = Float(bitPattern: 0x7FC0_1234)

    /// Equal bits, or both NaN: a NaN's payload is whichever operand's the hardware picks, which no kernel fixes.
    static func sameBits(_ a: Float, _ b: Float) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    /// The first point where `outputs[range]` and the twin's differ, or where `outputs` was written outside
    /// `range`; nil when there is none.
    static func firstMismatch(_ outputs: [Float], twin: [Float], range: Range<Int>) -> String? {
        for p in outputs.indices {
            if range.contains(p) {
                if !sameBits(outputs[p], twin[p]) { return "point \(p): \(outputs[p]) against the twin's \(twin[p])" }
            } else if outputs[p].bitPattern != sentinel.bitPattern {
                return "point \(p), outside \(range), was written"
            }
        }
        return nil
    }

    @Test(arguments: TwoInputTanhForward.Kernel.allCases, [1, 7, 8, 9, 100])
    func kernelMatchesTheScalarTwinExactly(kernel: TwoInputTanhForward.Kernel, hiddenUnits: Int) throws {
        for count in [1, 15, 16, 17, 31, 32, 33, 63, 65, 256, 1000] {
            var data = TestData(seed: UInt64(31 * hiddenUnits + count))
            let network = try Self.network(hiddenUnits: hiddenUnits, data: &data)
            let points = try Batch(features: 2, count: count, values: data.floats(2 * count, in: -10...10))
            var fused = [Float](repeating: .nan, count: count)
            // In two blocks, the second starting off a vector boundary.
            let split = count / 3
            fused.withUnsafeMutableBufferPointer { outputs in
                TwoInputTanhForward.compute(network, on: points, range: 0..<split, into: outputs.baseAddress!, kernel: kernel)
                TwoInputTanhForward.compute(network, on: points, range: split..<count, into: outputs.baseAddress!, kernel: kernel)
            }
            #expect(fused == TwoInputTanhForward.scalarTwin(network, on: points), "H = \(hiddenUnits), \(count) points")
        }
    }

    /// Random shapes: unit counts off the vector width, point counts off the 32-point block and the 8-point
    /// vector, ranges starting and ending mid-array; only the range may be written.
    @Test(arguments: TwoInputTanhForward.Kernel.allCases, [UInt64(2_024), 77_777, 0xF00D_CAFE])
    func kernelMatchesTheTwinOnRandomShapesAndRanges(kernel: TwoInputTanhForward.Kernel, seed: UInt64) throws {
        var data = TestData(seed: seed)
        for _ in 0..<40 {
            let hiddenUnits = 1 + data.int(below: 45)
            let count = 1 + data.int(below: 300)
            let start = data.int(below: count)
            let range = start..<(start + data.int(below: count - start + 1))
            let network = try Self.network(hiddenUnits: hiddenUnits, data: &data)
            let points = try Batch(features: 2, count: count, values: data.floats(2 * count, in: -6...6))
            let outputs = Self.outputs(network, on: points, range: range, kernel: kernel)
            let mismatch = Self.firstMismatch(outputs, twin: TwoInputTanhForward.scalarTwin(network, on: points), range: range)
            #expect(mismatch == nil, "H = \(hiddenUnits), \(count) points, range \(range): \(mismatch ?? "")")
        }
    }

    /// NaN, ±∞, ±0, subnormals and huge values among the points and the weights: NaN must pass the clamps
    /// (an operand swapped in maxps or minps would clamp it to ±c instead), ∞ must saturate, the signs hold.
    @Test(arguments: TwoInputTanhForward.Kernel.allCases)
    func kernelMatchesTheTwinOnSpecialValues(kernel: TwoInputTanhForward.Kernel) throws {
        let specials: [Float] = [.nan, -.nan, .infinity, -.infinity, 0, -0, .leastNonzeroMagnitude,
                                 -.leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
                                 -.greatestFiniteMagnitude, 7.905_311, -7.905_311, 1e-30, 3e5]
        var data = TestData(seed: 4_242)
        for trial in 0..<12 {
            let hiddenUnits = [1, 3, 9, 17][trial % 4]
            let count = 40 + data.int(below: 50)
            var coordinates = data.floats(2 * count, in: -3...3)
            for i in coordinates.indices where data.int(below: 3) == 0 { coordinates[i] = specials[data.int(below: specials.count)] }
            var network = try Self.network(hiddenUnits: hiddenUnits, data: &data)
            // Special weights in half the trials; otherwise NaN and ∞ would reach every output through v.
            if trial % 2 == 1 {
                for i in network.weights.indices where data.int(below: 8) == 0 {
                    network.weights[i] = specials[data.int(below: specials.count)]
                }
            }
            let points = try Batch(features: 2, count: count, values: coordinates)
            let outputs = Self.outputs(network, on: points, range: 0..<count, kernel: kernel)
            let twin = TwoInputTanhForward.scalarTwin(network, on: points)
            let mismatch = Self.firstMismatch(outputs, twin: twin, range: 0..<count)
            #expect(mismatch == nil, "trial \(trial), H = \(hiddenUnits): \(mismatch ?? "")")
            if trial % 2 == 0 { #expect(twin.contains { $0.isNaN } && twin.contains { !$0.isNaN }, "both kinds tested") }
        }
    }

    /// A unit whose pre-activation is x₀ itself (bias 0, weights 1 and 0), x₀ swept from the least subnormal to
    /// 12 in steps of 0.1%, both signs: every regime of the hidden tanh, where a coefficient off by one bit in
    /// the C kernel's table would show.
    @Test(arguments: TwoInputTanhForward.Kernel.allCases)
    func kernelMatchesTheTwinThroughEveryRegimeOfTanh(kernel: TwoInputTanhForward.Kernel) throws {
        var sweep: [Float] = []
        var magnitude = Float.leastNonzeroMagnitude
        while magnitude < 12 {
            sweep += [magnitude, -magnitude]
            magnitude = max(magnitude * 1.001, magnitude.nextUp)
        }
        var network = try Network(sizes: [2, 1, 1], activations: [.tanh, .tanh])
        network.weights = [0, 1, 0, 0, 1]
        var data = TestData(seed: 515)
        let points = try Batch(features: 2, count: sweep.count, values: sweep + data.floats(sweep.count))
        let outputs = Self.outputs(network, on: points, range: 0..<sweep.count, kernel: kernel)
        let mismatch = Self.firstMismatch(outputs, twin: TwoInputTanhForward.scalarTwin(network, on: points), range: 0..<sweep.count)
        #expect(mismatch == nil, "\(sweep.count) points: \(mismatch ?? "")")
    }

    @Test(arguments: [1, 9, 100])
    func fusedKernelAgreesWithTheLayeredForwardPass(hiddenUnits: Int) throws {
        var data = TestData(seed: UInt64(7_000 + hiddenUnits))
        let network = try Self.network(hiddenUnits: hiddenUnits, data: &data)
        let count = 513
        let points = try Batch(features: 2, count: count, values: data.floats(2 * count, in: -10...10))
        let pass = ForwardPass(network: network, batchSize: count)
        try pass.run(network, on: points)
        let layered = pass.output
        let twin = TwoInputTanhForward.scalarTwin(network, on: points)
        // The output pre-activation sums H products of magnitude ≤ |vⱼ|; tanh' ≤ 1 carries its error to y.
        let magnitude = network.weights[network.layerOffsets[1]...].reduce(0) { $0 + abs($1) }
        let worst = zip(twin, layered).map { abs($0 - $1) }.max()!
        #expect(worst <= Tolerance.blasRelative * magnitude, "worst difference \(worst), magnitude \(magnitude)")
        #expect(twin.contains { abs($0) > 0.1 }, "outputs near zero would prove little")
    }

    /// The 2-D task's loss is the same for any thread count (fixed chunks, summed in chunk order).
    @Test func boundaryLossDoesNotDependOnTheThreadCount() throws {
        var data = TestData(seed: 99)
        let tasks = try [1, 2, 3].map { try BoundaryTask(seed: 8, threads: $0) }
        let learner = try Self.network(hiddenUnits: 100, data: &data)
        let losses = tasks.map { $0.loss(of: learner) }
        #expect(losses.allSatisfy { $0 == losses[0] }, "\(losses)")
        #expect(tasks.map { $0.accuracyOfLastEvaluation() }.allSatisfy { $0 == tasks[0].accuracyOfLastEvaluation() })
        // And equal to the Euclidean loss of the twin's outputs.
        let twin = TwoInputTanhForward.scalarTwin(learner, on: tasks[0].points)
        let expected = twin.withUnsafeBufferPointer { prediction in
            tasks[0].targetOutputs.withUnsafeBufferPointer {
                Loss.euclidean(prediction: prediction, target: $0, outputs: 1, samples: twin.count)
            }
        }
        #expect(losses[0] == expected)
    }
}
