import Benchmark
import Foundation
@_spi(Benchmarks) import SynapticRL
@_spi(Benchmarks) import SynapticRLExperiments

/// The peers in synaptic RL's action space, 784-10 on a minibatch of 5000: one hillclimb iteration (propose every
/// synapse's ternary move, one loss evaluation, keep or undo) and one signsgd step (a forward and a backward pass,
/// the sign step), one SPSA step (two evaluations) and one ES step (a population of 50, its first layers stacked
/// into one GEMM), against their floor: the bare forward GEMM of the same shape, once per evaluation (the ES
/// floor is 50 of them; the summary script divides).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3))
    let sizes = [784, 10]
    let (network, input) = BenchmarkData.networkAndBatch(sizes: sizes, batchSize: 5000, seed: 3)
    let images = BenchmarkData.images(count: 5000, pixels: sizes[0], classes: sizes[1], seed: 3)
    BenchmarkData.checkBLASAgainstTwin(network: network, input: input)

    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * sizes[1] * 5000)
    Benchmark("784-10 batch 5000 bare GEMMs") { benchmark in
        for _ in benchmark.scaledIterations { BenchmarkData.bareForwardGEMMs(network, on: input, scratch: scratch) }
        blackHole(scratch[0])
    }

    var configuration = ClassificationExperiment.Configuration()
    configuration.batchSize = 5000
    configuration.settings.step = 1e-4
    let climber = try! HillClimbing(network: network, training: images, configuration: configuration, threads: 1)
    let signs = try! SignSGD(network: network, training: images, configuration: configuration, threads: 1)
    try! climber.selectBatch(number: 0)  // the reference loss a move compares with
    _ = try! climber.currentLoss()
    steps("784-10 batch 5000 hillclimb iteration", of: climber)
    steps("784-10 batch 5000 signsgd step", of: signs)
    var peers = PeerSettings()
    (peers.spsaGain, peers.population) = (0.1, 50)
    let spsa = try! SPSA(network: network, training: images, batchSize: 5000, settings: peers, seed: 3, threads: 1)
    let es = try! EvolutionStrategy(network: network, training: images, batchSize: 5000, settings: peers, seed: 3, threads: 1)
    steps("784-10 batch 5000 spsa step", of: spsa)
    steps("784-10 batch 5000 es step, population 50", of: es)
}

/// A benchmark of one optimizer's steps, iteration after iteration.
func steps(_ name: String, of optimizer: some AnyObject & SteppingPeer) {
    Benchmark(name) { benchmark in
        var iteration = 0
        for _ in benchmark.scaledIterations {
            iteration += 1
            blackHole(try! optimizer.step(iteration: iteration))
        }
    }
}

/// What the benchmarks drive of a peer (the library's PeerOptimizer is internal).
protocol SteppingPeer { func step(iteration: Int) throws -> Double }
extension HillClimbing: SteppingPeer {}
extension SignSGD: SteppingPeer {}
extension SPSA: SteppingPeer {}
extension EvolutionStrategy: SteppingPeer {}
