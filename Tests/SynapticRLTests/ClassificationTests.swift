import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

@Suite struct ClassificationTests {
    static func images(count: Int, pixels: Int = 6, classes: Int = 3, seed: UInt64) throws -> LabeledImages {
        var data = TestData(seed: seed)
        return try LabeledImages(name: "fixture", width: pixels, height: 1,
                                 pixels: (0..<(count * pixels)).map { _ in UInt8(data.int(below: 256)) },
                                 labels: (0..<count).map { UInt8($0 % classes) }, classNames: ["a", "b", "c"])
    }

    @Test func minibatchesAreDistinctSeededAndScaled() throws {
        let images = try Self.images(count: 100, seed: 1)
        let task = try ClassificationTask(training: images, networkSizes: [6, 3], batchSize: 30, seed: 9)
        let first = (task.batch, task.batchLabels)
        #expect(first.0.values.allSatisfy { $0 >= 0 && $0 <= 1 })
        // Identify each column's source image by its pixels: 30 distinct images.
        let columns = (0..<30).map { column in (0..<6).map { task.batch[$0, column] } }
        #expect(Set(columns.map { $0.description }).count == 30)
        let sourceImage = (0..<100).first { index in (0..<6).allSatisfy { Float(images.pixels[index * 6 + $0]) / 255 == columns[0][$0] } }
        #expect(sourceImage.map { Int32(images.labels[$0]) } == task.batchLabels[0])
        task.selectBatch(number: 1)
        #expect(task.batch != first.0)
        task.selectBatch(number: 0)
        #expect(task.batch == first.0 && task.batchLabels == first.1)
    }

    /// The sampler a user draws from gives the task's minibatches; a size that covers the set takes it in order.
    @Test func theSamplerDrawsWhatTheTaskTrainsOn() throws {
        let images = try Self.images(count: 100, seed: 2)
        let task = try ClassificationTask(training: images, networkSizes: [6, 3], batchSize: 30, seed: 9)
        let sampler = try MinibatchSampler(images: images, batchSize: 30, seed: 9)
        for number in [3, 0, 7] {
            task.selectBatch(number: number)
            let (batch, labels) = try sampler.batch(number: number)
            #expect(batch == task.batch && labels == task.batchLabels)
            #expect(Set(sampler.indices(ofBatch: number)).count == 30)
        }
        let whole = try MinibatchSampler(images: images, batchSize: 500, seed: 9)
        #expect(whole.batchSize == 100 && whole.indices(ofBatch: 4) == Array(0..<100))
        #expect(throws: SynapticRLError.self) { try MinibatchSampler(images: images, batchSize: 0, seed: 1) }
    }

    @Test func evaluationCountsArgmaxHits() throws {
        // 2 classes, 1 pixel, identity network: logit0 = 0, logit1 = pixel − 0.5 (bias −0.5, weight 1).
        let images = try LabeledImages(name: "t", width: 1, height: 1, pixels: [255, 0, 255, 0], labels: [1, 0, 0, 0],
                                       classNames: ["a", "b"])
        var network = try Network(sizes: [1, 2], activations: [.identity])
        network.weights = [0, 0, -0.5, 1]
        let score = try Evaluation.score(network, on: images)
        #expect(score.activeHiddenFraction == nil)
        #expect(score.accuracy == 0.75)  // samples 0, 1, 3 right; sample 2 (pixel 1, label 0) wrong
        let logit = 0.5
        let expected = (log(1 + exp(-logit)) + log(1 + exp(-logit)) + log(1 + exp(logit)) + log(1 + exp(-logit))) / 4
        #expect(abs(score.loss - expected) < 1e-6)
    }

    /// A ReLU layer with biases −1 and zero weights is silent; with biases +1 every unit is active.
    @Test func activeHiddenFractionSeesASilentLayer() throws {
        let images = try Self.images(count: 30, seed: 2)
        var network = try Network(sizes: [6, 4, 3], activations: [.relu, .identity])
        for neuron in 0..<4 { network.weights[neuron * 7] = -1 }
        #expect(try Evaluation.score(network, on: images).activeHiddenFraction == 0)
        for neuron in 0..<4 { network.weights[neuron * 7] = 1 }
        #expect(try Evaluation.score(network, on: images).activeHiddenFraction == 1)
    }

    /// Backpropagation against central finite differences of the Double-accumulated loss.
    @Test(arguments: [[6, 3], [6, 5, 3], [6, 4, 4, 3]])
    func gradientMatchesFiniteDifferences(sizes: [Int]) throws {
        let images = try Self.images(count: 40, seed: UInt64(sizes.count))
        var data = TestData(seed: 77)
        var network = try Network(sizes: sizes, activations: sizes.dropFirst(2).map { _ in Activation.tanh } + [.identity])
        network.weights = data.floats(network.synapseCount, in: -0.5...0.5)
        let descent = try GradientDescent(network: network, training: images, learningRate: 0.1)
        let gradient = descent.currentGradient()
        let task = try ClassificationTask(training: images, networkSizes: sizes, batchSize: 40, seed: 1)
        let h: Float = 1e-2
        var worst = 0.0
        for index in 0..<network.synapseCount {
            var plus = network, minus = network
            plus.weights[index] += h
            minus.weights[index] -= h
            let numeric = (task.loss(of: plus) - task.loss(of: minus)) / Double(plus.weights[index] - minus.weights[index])
            worst = max(worst, abs(numeric - Double(gradient[index])))
        }
        // Float32 forward passes limit the finite difference to about 1e-4.
        #expect(worst < 3e-4, "worst gradient error \(worst)")
        #expect(gradient.contains { $0 != 0 })
    }

    @Test func gradientDescentLowersTheLoss() throws {
        let images = try Self.images(count: 60, seed: 5)
        var network = try Network(sizes: [6, 4, 3], activations: [.relu, .identity])
        var draws = CounterStream(seed: 2, stream: .initialWeights)
        network.initialize(weightRange: 0.5, using: &draws)
        let descent = try GradientDescent(network: network, training: images, learningRate: 0.5)
        let first = descent.step()
        var last = first
        for _ in 0..<50 { last = descent.step() }
        #expect(last < first)
    }

    @Test func minibatchSGDLowersTheFullLoss() throws {
        let images = try Self.images(count: 90, seed: 6)
        var network = try Network(sizes: [6, 4, 3], activations: [.relu, .identity])
        var draws = CounterStream(seed: 3, stream: .initialWeights)
        network.initialize(weightRange: 0.5, using: &draws)
        let before = try Evaluation.score(network, on: images).loss
        let descent = try GradientDescent(network: network, training: images, learningRate: 0.3, batchSize: 10, seed: 4)
        for _ in 0..<200 { descent.step() }
        #expect(try Evaluation.score(descent.network, on: images).loss < before)
        #expect(descent.sampler.batchSize == 10)
    }

    /// Every orientation against the plain-loop twin, with n spanning three of BLAS's column blocks and a
    /// non-zero beta; 1, 2 and 3 threads give the same bits (each block is one sgemm call whatever the split).
    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func blockedBLASMatchesTheTwinWhateverTheThreads(transposeA: Bool, transposeB: Bool) {
        var data = TestData(seed: 31)
        let (m, n, k) = (17, 2 * BLAS.columnBlock + 37, 15)
        let a = data.floats(m * k), b = data.floats(k * n), start = data.floats(m * n)
        let (lda, ldb) = (transposeA ? m : k, transposeB ? k : n)
        var twin = start
        let results = [1, 2, 3].map { threads in
            var fast = start
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    BLAS.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a.baseAddress!, lda: lda,
                                  b: b.baseAddress!, ldb: ldb, beta: 0.5, c: &fast, ldc: n, threads: threads)
                }
            }
            return fast
        }
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                ReferenceGEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a.baseAddress!,
                                       lda: lda, b: b.baseAddress!, ldb: ldb, beta: 0.5, c: &twin, ldc: n)
            }
        }
        let worst = zip(results[0], twin).map { abs($0 - $1) / max(1, abs($1)) }.max()!
        #expect(worst <= Tolerance.blasRelative, "worst \(worst)")
        #expect(results[1] == results[0] && results[2] == results[0])
    }

    @Test func stepScheduleParsesAndMultiplies() throws {
        let schedule = try StepSchedule(parsing: "60000:0.5,100000:0.5")
        let base: Float = 1e-4
        #expect(schedule.step(base: base, at: 59_999) == base)
        #expect(schedule.step(base: base, at: 60_000) == base / 2)
        #expect(schedule.step(base: base, at: 100_000) == base / 4)
        for bad in ["60000", "x:0.5", "100:-1", "0:0.5", "100:nan"] {
            #expect(throws: SynapticRLError.self) { try StepSchedule(parsing: bad) }
        }
    }
}
