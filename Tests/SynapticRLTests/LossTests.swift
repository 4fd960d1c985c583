import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct LossTests {
    /// Softmax cross-entropy against a naive Double softmax (logits kept small so the naive form is safe),
    /// over a sample count that crosses several chunks.
    @Test(arguments: [1, 255, 256, 257, 1000])
    func crossEntropyMatchesDoubleReference(samples: Int) {
        var data = TestData(seed: UInt64(samples))
        let classes = 10
        let logits = data.floats(classes * samples, in: -5...5)
        let labels = (0..<samples).map { _ in Int32(data.int(below: classes)) }
        var reference = 0.0
        for s in 0..<samples {
            let exps = (0..<classes).map { exp(Double(logits[$0 * samples + s])) }
            reference += -log(exps[Int(labels[s])] / exps.reduce(0, +))
        }
        reference /= Double(samples)
        let loss = logits.withUnsafeBufferPointer { z in
            labels.withUnsafeBufferPointer { Loss.softmaxCrossEntropy(logits: z, labels: $0, classes: classes, samples: samples) }
        }
        #expect(abs(loss - reference) <= Tolerance.lossRelative * reference)
    }

    /// The vectorised Float loss against its plain Double twin, random shapes and logit scales, fresh seeds.
    @Test(arguments: [11, 12, 13, 14, 15, 16])
    func crossEntropyMatchesItsScalarTwin(seed: UInt64) {
        var data = TestData(seed: seed)
        let classes = 2 + data.int(below: 30)
        let samples = 1 + data.int(below: 3000)
        let scale = Float([0.1, 3, 30, 80][data.int(below: 4)])
        let logits = data.floats(classes * samples, in: -scale...scale)
        let labels = (0..<samples).map { _ in Int32(data.int(below: classes)) }
        let (fast, twin) = logits.withUnsafeBufferPointer { z in
            labels.withUnsafeBufferPointer {
                (Loss.softmaxCrossEntropy(logits: z, labels: $0, classes: classes, samples: samples),
                 Loss.softmaxCrossEntropyTwin(logits: z, labels: $0, classes: classes, samples: samples))
            }
        }
        #expect(abs(fast - twin) <= Tolerance.lossRelative * twin, "\(classes) classes, \(samples) samples, scale \(scale)")
    }

    /// NaN and +∞ logits anywhere make the loss non-finite; −∞ does exactly where the twin's does (at a label).
    @Test func nonFiniteLogitsReachTheLoss() {
        for bad in [Float.nan, .infinity, -.infinity] {
            for position in [0, 2, 5] {  // 3 classes × 2 samples: another class, sample 0's label, another class
                var logits: [Float] = [0.5, -0.25, 1, 2, 0.125, -1]
                logits[position] = bad
                let labels: [Int32] = [1, 0]
                let (loss, twin) = logits.withUnsafeBufferPointer { z in
                    labels.withUnsafeBufferPointer {
                        (Loss.softmaxCrossEntropy(logits: z, labels: $0, classes: 3, samples: 2),
                         Loss.softmaxCrossEntropyTwin(logits: z, labels: $0, classes: 3, samples: 2))
                    }
                }
                if bad == -.infinity && position != 2 {
                    #expect(abs(loss - twin) <= Tolerance.lossRelative * twin, "−∞ at \(position)")
                } else {
                    #expect(!loss.isFinite, "logit \(bad) at \(position) gave \(loss)")
                }
            }
        }
    }

    /// Every chunk sum of every cross-entropy kernel, bit for bit (or both NaN): the shapes cross the 8-sample
    /// vector, the 64-sample group and the 256-sample chunk, with logits at every scale and, in some cases, NaN and
    /// ±∞ at random places.
    @Test(arguments: 0..<24)
    func crossEntropyKernelsAgreeBitForBit(seed: Int) {
        var data = TestData(seed: UInt64(1000 + seed))
        let classes = seed < 4 ? [1, 2, 10, 32][seed] : 1 + data.int(below: 40)
        let counts = [1, 7, 8, 9, 63, 64, 65, 255, 256, 257, 511, 512, 513]
        let samples = seed < 12 ? counts[seed % counts.count] + 13 * (seed / counts.count) : 1 + data.int(below: 1500)
        let scale = Float([0.001, 1, 30, 90, 1e30][data.int(below: 5)])
        var logits = data.floats(classes * samples, in: -scale...scale)
        if seed % 3 == 2 {
            for _ in 0..<(1 + data.int(below: 6)) {
                logits[data.int(below: logits.count)] = [Float.nan, .infinity, -.infinity][data.int(below: 3)]
            }
        }
        let labels = (0..<samples).map { _ in Int32(data.int(below: classes)) }
        let sums = Loss.CrossEntropyKernel.allCases.map { kernel in
            var sums = [Double](repeating: 0, count: ChunkedSum.chunkCount(samples: samples))
            logits.withUnsafeBufferPointer { z in
                labels.withUnsafeBufferPointer { l in
                    sums.withUnsafeMutableBufferPointer {
                        Loss.softmaxCrossEntropyChunkSums(logits: z, labels: l, classes: classes, samples: samples,
                                                          into: $0, kernel: kernel)
                    }
                }
            }
            return sums
        }
        for (chunk, (fast, portable)) in zip(sums[0], sums[1]).enumerated() {
            #expect(fast.bitPattern == portable.bitPattern || (fast.isNaN && portable.isNaN),
                    "\(classes) classes, \(samples) samples, scale \(scale), chunk \(chunk): \(fast) against \(portable)")
        }
    }

    @Test func crossEntropyIsStableForHugeLogits() {
        // Per sample: logits (1000, 0) with label 0 costs log(1 + e^−1000) ≈ 0; (−1000, 0) with label 0 costs 1000.
        let logits: [Float] = [1000, -1000, 0, 0]
        let labels: [Int32] = [0, 0]
        let loss = logits.withUnsafeBufferPointer { z in
            labels.withUnsafeBufferPointer { Loss.softmaxCrossEntropy(logits: z, labels: $0, classes: 2, samples: 2) }
        }
        #expect(abs(loss - 500) < 1e-9)
    }

    @Test func euclideanMatchesDoubleReference() {
        var data = TestData(seed: 99)
        let (outputs, samples) = (3, 777)
        let prediction = data.floats(outputs * samples)
        let target = data.floats(outputs * samples)
        let reference = zip(prediction, target).map { Double($0) - Double($1) }.map { $0 * $0 }.reduce(0, +).squareRoot()
            / Double(outputs * samples)
        let loss = prediction.withUnsafeBufferPointer { p in
            target.withUnsafeBufferPointer { Loss.euclidean(prediction: p, target: $0, outputs: outputs, samples: samples) }
        }
        #expect(abs(loss - reference) <= Tolerance.lossRelative * reference)
    }

    @Test func valueDoesNotDependOnThreadCount() {
        var data = TestData(seed: 5)
        let (classes, samples) = (10, 5000)
        let logits = data.floats(classes * samples, in: -3...3)
        let labels = (0..<samples).map { _ in Int32(data.int(below: classes)) }
        let losses = [1, 2, 3, 8].map { threads in
            logits.withUnsafeBufferPointer { z in
                labels.withUnsafeBufferPointer {
                    Loss.softmaxCrossEntropy(logits: z, labels: $0, classes: classes, samples: samples, threads: threads)
                }
            }
        }
        #expect(Set(losses).count == 1, "\(losses)")
        let euclidean = [1, 2, 5].map { threads in
            logits.withUnsafeBufferPointer { p in
                logits.reversed().withUnsafeBufferPointer {
                    Loss.euclidean(prediction: p, target: $0, outputs: classes, samples: samples, threads: threads)
                }
            }
        }
        #expect(Set(euclidean).count == 1, "\(euclidean)")
    }
}
