import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// Data sets of Float features held in memory, and a classification task whose loss the caller picks.
@Suite struct InMemoryDataTests {
    /// 3 classes around three centres in 4 dimensions, sample-major.
    static func clusters(count: Int, seed: UInt64) throws -> LabeledImages {
        var draws = TestData(seed: seed)
        var features: [Float] = []
        for sample in 0..<count {
            let noise = draws.floats(4, in: -0.3...0.3)
            features += (0..<4).map { dimension in (dimension == sample % 3 ? 1 : 0) + noise[dimension] }
        }
        return try LabeledImages(name: "clusters", features: features, featureCount: 4,
                                 labels: (0..<count).map { UInt8($0 % 3) })
    }

    @Test func floatFeaturesAreGatheredAsTheyAre() throws {
        let data = try Self.clusters(count: 30, seed: 1)
        #expect(data.classNames == ["0", "1", "2"] && data.pixels.isEmpty && data.pixelsPerImage == 4)
        let sampler = try MinibatchSampler(images: data, batchSize: 8, seed: 3)
        let (batch, labels) = try sampler.batch(number: 2)
        for (column, index) in sampler.indices(ofBatch: 2).enumerated() {
            #expect((0..<4).map { batch[$0, column] } == Array(data.floatFeatures![(index * 4)..<(index * 4 + 4)]))
            #expect(labels[column] == Int32(data.labels[index]))
        }
        let part = try data.subset([5, 0, 7])
        #expect(part.floatFeatures! == Array(data.floatFeatures![20..<24] + data.floatFeatures![0..<4] + data.floatFeatures![28..<32]))
        #expect(part.labels == [2, 0, 1] && part.classNames == data.classNames)
    }

    @Test func badFloatDataIsRefused() {
        #expect(throws: SynapticRLError.self) { try LabeledImages(name: "x", features: [1, 2, 3], featureCount: 2, labels: [0, 1]) }
        #expect(throws: SynapticRLError.self) { try LabeledImages(name: "x", features: [1, .nan], featureCount: 1, labels: [0, 1]) }
        #expect(throws: SynapticRLError.self) {
            try LabeledImages(name: "x", features: [1, 2], featureCount: 1, labels: [0, 2], classNames: ["a", "b"])
        }
        #expect(throws: SynapticRLError.self) { try LabeledImages(name: "x", features: [], featureCount: 1, labels: []) }
    }

    /// tanh hidden units and the squared error: the trainer lowers it; the incremental path, which counts 8-bit
    /// pixels, refuses Float features.
    @Test func aTaskOfTheCallersLossAndActivationsTrains() throws {
        let data = try Self.clusters(count: 120, seed: 2)
        #expect(throws: SynapticRLError.self) {
            try ClassificationTask(training: data, networkSizes: [4, 6, 3], batchSize: 60, seed: 1, firstLayer: .incremental)
        }
        let task = try ClassificationTask(training: data, networkSizes: [4, 6, 3], batchSize: 60, seed: 1,
                                          loss: .oneHotSquaredError)
        var network = try Network(sizes: [4, 6, 3], activations: [.tanh, .identity])
        var draws = CounterStream(seed: 5, stream: .user)
        network.initialize(weightRange: 0.5, using: &draws)
        var settings = SynapticSettings()
        settings.step = 0.01
        let trainer = try SynapticTrainer(network: network, table: try PolicyFile.authorsGolden().table, settings: settings,
                                          seed: 5, objective: task)
        let first = trainer.loss
        for _ in 0..<400 { try trainer.step(on: task) }
        #expect(trainer.loss < 0.7 * first)
        // The reported loss is the squared error, computed plainly here.
        let pass = ForwardPass(network: trainer.network, batchSize: task.batchSize)
        try pass.run(trainer.network, on: task.batch)
        let plain = pass.withOutput { outputs in
            task.batchLabels.withUnsafeBufferPointer {
                Loss.oneHotSquaredErrorTwin(outputs: outputs, labels: $0, classes: 3, samples: task.batchSize)
            }
        }
        #expect(abs(try task.loss(of: trainer.network) - plain) <= Tolerance.lossRelative * plain)
    }

    @Test(arguments: [(1, 3, 1), (7, 2, 2), (1500, 10, 2), (2049, 5, 3)])
    func squaredErrorChunkSumsMatchTheTwin(samples: Int, classes: Int, threads: Int) {
        var data = TestData(seed: UInt64(samples * 31 + classes))
        let outputs = data.floats(samples * classes, in: -2...2)
        let labels = (0..<samples).map { _ in Int32(data.int(below: classes)) }
        var sums = [Double](repeating: 0, count: ChunkedSum.chunkCount(samples: samples))
        outputs.withUnsafeBufferPointer { outputs in
            labels.withUnsafeBufferPointer { labels in
                sums.withUnsafeMutableBufferPointer {
                    Loss.oneHotSquaredErrorChunkSums(outputs: outputs, labels: labels, classes: classes, samples: samples,
                                                     threads: threads, into: $0)
                }
                let twin = Loss.oneHotSquaredErrorTwin(outputs: outputs, labels: labels, classes: classes, samples: samples)
                let fast = sums.withUnsafeBufferPointer(ChunkedSum.orderedSum) / Double(samples)
                #expect(abs(fast - twin) <= 1e-12 * twin)
            }
        }
    }

    /// The CLI's experiment on Float features: `auto` takes the dense path, and the run's data fingerprint
    /// tells the features apart from the same values' pixels.
    @Test func anExperimentRunsOnFloatFeatures() throws {
        let data = try Self.clusters(count: 90, seed: 4)
        var configuration = SmallRuns.configuration(hidden: [5], iterations: 20, evaluateEvery: 10)
        configuration.batchSize = 30
        let outcome = try ClassificationExperiment.run(configuration, data: try DataSource.Loaded(path: "memory", train: data))
        #expect(outcome.summary.firstLayer == .dense && outcome.summary.iterations == 20)
        let asPixels = try LabeledImages(name: "clusters", width: 4, height: 1, pixels: [UInt8](repeating: 0, count: 360),
                                         labels: data.labels, classNames: data.classNames)
        #expect(RunRecord.fingerprint(data) != RunRecord.fingerprint(asPixels))
    }
}
