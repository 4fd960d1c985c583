import Foundation
import Testing
@_spi(Benchmarks) @testable import SynapticRL

/// What `--profile` counts, from the shapes alone (no timings): each GEMM phase's calls and its 2·m·n·k flops.
@Suite struct PhaseProfileTests {
    static let sizes = [100, 7, 4]
    static let batchSize = 120

    func task(_ path: FirstLayerPath) throws -> (ClassificationTask, Network, PhaseProfile) {
        let images = BenchmarkData.images(count: 300, pixels: Self.sizes[0], classes: Self.sizes[2], seed: 3)
        let task = try ClassificationTask(training: images, networkSizes: Self.sizes, batchSize: Self.batchSize, seed: 5,
                                          firstLayer: path)
        var network = try Network(sizes: Self.sizes, activations: [.relu, .identity])
        var draws = CounterStream(seed: 6, stream: .initialWeights)
        network.initialize(weightRange: 0.1, using: &draws)
        let profile = PhaseProfile()
        task.profile = profile
        return (task, network, profile)
    }

    /// A dense evaluation runs one GEMM per layer: (7, 120) from (7, 100) · (100, 120), then (4, 120) from
    /// (4, 7) · (7, 120); three evaluations count three calls of each, 2·m·n·k flops apiece.
    @Test func denseGEMMFlopsFollowFromTheShapes() throws {
        let (task, network, profile) = try task(.dense)
        for _ in 0..<3 { _ = task.loss(of: network) }
        let first = try #require(profile.gemms[PhaseProfile.Phase.gemm(layer: 0)])
        #expect(first.calls == 3)
        #expect(first.shapes == [PhaseProfile.GEMMShape(m: 7, n: 120, k: 100)])
        #expect(first.flops == 3 * 2 * 7 * 120 * 100)
        let second = try #require(profile.gemms[PhaseProfile.Phase.gemm(layer: 1)])
        #expect(second.calls == 3)
        #expect(second.shapes == [PhaseProfile.GEMMShape(m: 4, n: 120, k: 7)])
        #expect(second.flops == 3 * 2 * 4 * 120 * 7)
        #expect(profile.gemms.count == 2)
        #expect(profile.seconds[PhaseProfile.Phase.integerUpdate] == nil)
    }

    /// The incremental path takes a first-layer GEMM only at a base; its moves are integer updates, not GEMMs,
    /// while the second layer's GEMM runs at every evaluation.
    @Test func incrementalCountsTheBaseGEMMOnly() throws {
        let (task, initial, profile) = try task(.incremental)
        var network = initial
        _ = task.loss(of: network)
        var data = TestData(seed: 7)
        let step: Float = 1e-3
        for _ in 0..<4 {
            let actions = (0..<network.synapseCount).map { _ in UInt8(data.int(below: 3)) }
            for k in actions.indices { network.weights[k] += step * Float(Int(actions[k]) - 1) }
            _ = task.loss(of: network, movedBy: actions, step: step)
        }
        let first = try #require(profile.gemms[PhaseProfile.Phase.gemm(layer: 0)])
        #expect(first.calls == 1)
        #expect(first.flops == 2 * 7 * 120 * 100)
        let second = try #require(profile.gemms[PhaseProfile.Phase.gemm(layer: 1)])
        #expect(second.calls == 5)
        #expect(second.flops == 5 * 2 * 4 * 120 * 7)
        #expect(profile.seconds[PhaseProfile.Phase.integerUpdate] != nil)
        #expect(profile.gemms[PhaseProfile.Phase.integerUpdate] == nil)
    }

    /// The report names every GEMM phase with its shape, calls and flops, and the share outside the first layer.
    @Test func reportNamesEachGEMMWithItsCount() throws {
        let (task, network, profile) = try task(.dense)
        for _ in 0..<2 { _ = task.loss(of: network) }
        let report = profile.report(iterations: 2, totalSeconds: profile.totalSeconds, referenceGEMMRate: 1)
        #expect(report.contains("layer 1 GEMM (m 7, n 120, k 100): 2 calls, 0.000336 GFLOP"))
        #expect(report.contains("layer 2 GEMM (m 4, n 120, k 7): 2 calls, 1.344e-05 GFLOP"))
        #expect(report.contains("outside the first layer"))
    }

    /// A phase timed inside another is taken out of the outer one's time; each is listed once, in the order
    /// they began.
    @Test func nestedPhasesAreListedOnce() {
        let profile = PhaseProfile()
        profile.measure("outer") { profile.measure("inner") {} }
        profile.measure("outer") {}
        #expect(profile.order == ["outer", "inner"])
    }

    /// Over several sample blocks on two threads, the fused pass's GEMMs are counted per block (one call per block
    /// and layer, the flops of the whole minibatch), its phases merged from the threads' own profiles: each listed
    /// once, their times adding up to no more than the run's, and the report says how they were shared out.
    @Test func blocksOnTwoThreadsAreCountedOncePerBlock() throws {
        let images = BenchmarkData.images(count: 1500, pixels: Self.sizes[0], classes: Self.sizes[2], seed: 3)
        let task = try ClassificationTask(training: images, networkSizes: Self.sizes, batchSize: 1100, seed: 5, threads: 2)
        var network = try Network(sizes: Self.sizes, activations: [.relu, .identity])
        var draws = CounterStream(seed: 6, stream: .initialWeights)
        network.initialize(weightRange: 0.1, using: &draws)
        let profile = PhaseProfile()
        task.profile = profile
        for _ in 0..<2 { _ = task.loss(of: network) }
        let first = try #require(profile.gemms[PhaseProfile.Phase.gemm(layer: 0)])
        #expect(first.calls == 2 * 3)
        #expect(Set(first.shapes) == [PhaseProfile.GEMMShape(m: 7, n: 512, k: 100), PhaseProfile.GEMMShape(m: 7, n: 76, k: 100)])
        #expect(first.flops == 2 * 2 * 7 * 1100 * 100)
        #expect(profile.gemms[PhaseProfile.Phase.gemm(layer: 1)]?.calls == 2 * 3)
        #expect(profile.order.count == Set(profile.order).count)
        let claimed = profile.order.reduce(0) { $0 + profile.seconds[$1]! }
        #expect(claimed <= profile.totalSeconds)
        #expect(profile.hasParallelSections)
        #expect(profile.report(iterations: 2, totalSeconds: profile.totalSeconds, referenceGEMMRate: 1)
            .contains("divide its wall time in proportion to their thread time"))
    }
}
