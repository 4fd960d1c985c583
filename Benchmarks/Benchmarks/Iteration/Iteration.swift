import Benchmark
import Foundation
@_spi(Benchmarks) import SynapticRL

/// One whole synaptic-RL iteration (sweep, loss evaluation, reward, histories), 0 and 32 hidden units, batch 5000,
/// against its bare forward GEMMs (the dense floor), on the dense and the incremental first-layer paths, static and
/// adaptive, and against the plain-loop twin of a whole static iteration (scalar sweep, loop GEMMs, Double loss);
/// static runs on 2 threads, a five-level rule on both paths, the bare ternary kernel (the incremental path's
/// floor); the 2-D task's iteration on 1 and 2 threads, its fused forward pass against the scalar twin, FastTanh
/// against libm's tanhf; and the cost of handing work to a second thread.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3))
    let table = try! PolicyFile.authorsGolden().table
    for sizes in [[784, 10], [784, 32, 10]] {
        let shape = sizes.map(String.init).joined(separator: "-")
        let (network, input) = BenchmarkData.networkAndBatch(sizes: sizes, batchSize: 5000, seed: 3)
        let images = BenchmarkData.images(count: 5000, pixels: sizes[0], classes: sizes.last!, seed: 3)
        var settings = SynapticSettings()
        settings.epsilon = 0.1
        settings.step = 1e-4

        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * sizes.dropFirst().max()! * 5000)
        Benchmark("\(shape) batch 5000 bare GEMMs") { benchmark in
            for _ in benchmark.scaledIterations { BenchmarkData.bareForwardGEMMs(network, on: input, scratch: scratch) }
            blackHole(scratch[0])
        }

        // The incremental path's floor: the bare ternary kernel on one iteration's moves of the first layer, over
        // a minibatch of the same 5000 images.
        let width = (sizes[0] + TernaryAccumulate.widthMultiple - 1) / TernaryAccumulate.widthMultiple * TernaryAccumulate.widthMultiple
        let pixels = BenchmarkData.paddedPixels(images, width: width)
        let changes = BenchmarkData.ternaryChanges(outputs: sizes[1], inputs: sizes[0], width: width, seed: 5)
        var counts = [Int32](repeating: 0, count: sizes[1] * 5000)
        Benchmark("\(shape) batch 5000 bare ternary kernel") { benchmark in
            for _ in benchmark.scaledIterations {
                TernaryAccumulate.run(changes: changes, outputs: sizes[1], pixels: pixels, samples: 5000, width: width, counts: &counts)
            }
            blackHole(counts[0])
        }

        // Static runs on 1 and 2 threads, adaptive on 1 (its TD pass is sequential by definition).
        for path in [FirstLayerPath.dense, .incremental] {
            for (adaptive, threads) in [(false, 1), (false, 2), (true, 1)] {
                settings.adaptive = adaptive
                settings.threads = threads
                let task = try! ClassificationTask(training: images, networkSizes: sizes, batchSize: 5000, seed: 1,
                                                   threads: threads, firstLayer: path)
                let trainer = try! SynapticTrainer(network: network, table: table, settings: settings, seed: 1, objective: task)
                Benchmark("\(shape) batch 5000 \(path) \(adaptive ? "adaptive" : "static")\(threads == 1 ? "" : ", \(threads) threads")") { benchmark in
                    for _ in benchmark.scaledIterations { _ = try? trainer.step(on: task) }
                    blackHole(trainer.loss)
                }
            }
        }
        settings.threads = 1

        // A five-level rule (the general sweep, static on a random table, ε = 0.1, step 1e-4) on both paths: the
        // incremental one counts its ±2 moves as it counts ±1s.
        var fiveLevel = SynapticRule()
        (fiveLevel.actions, fiveLevel.learning) = (.fiveLevel, .none)
        (fiveLevel.epsilon, fiveLevel.step) = (.constant(0.1), .constant(1e-4))
        var fiveLevelTable = RuleTable(space: RuleStateSpace(rule: fiveLevel, layers: network.layerCount))
        var random = CounterStream(seed: 5, stream: .minibatch, iteration: 0)
        for index in fiveLevelTable.values.indices { fiveLevelTable.values[index] = Double(random.uniform(-1, 1)) }
        for path in [FirstLayerPath.dense, .incremental] {
            let task = try! ClassificationTask(training: images, networkSizes: sizes, batchSize: 5000, seed: 1, firstLayer: path)
            let trainer = try! SynapticTrainer(network: network, rule: fiveLevel, table: fiveLevelTable, threads: 1, seed: 1,
                                               initialLoss: task.loss(of: network))
            Benchmark("\(shape) batch 5000 five-level \(path) static") { benchmark in
                for _ in benchmark.scaledIterations { _ = try? trainer.step(on: task) }
                blackHole(trainer.loss)
            }
        }

        // The naive iteration: every piece's plain twin, one synapse and one multiply-add at a time.
        let labels = images.labels.map(Int32.init)
        let pass = ForwardPass(network: network, batchSize: 5000)
        func twinLoss(_ network: Network) -> Double {
            pass.compute(network, on: input, engine: .plainLoops)
            return pass.withOutput { logits in
                labels.withUnsafeBufferPointer {
                    Loss.softmaxCrossEntropyTwin(logits: logits, labels: $0, classes: sizes.last!, samples: 5000)
                }
            }
        }
        Benchmark("\(shape) batch 5000 plain-loop twin static", configuration: .init(maxDuration: .seconds(5))) { benchmark in
            var twinNetwork = network
            var state = SynapseState(synapseCount: network.synapseCount, historyLength: 2)
            var loss = twinLoss(twinNetwork)
            for iteration in benchmark.scaledIterations {
                SynapseSweep.runScalarTwin(network: &twinNetwork, state: &state, table: table, epsilon: 0.1, seed: 1,
                                           iteration: iteration, step: 1e-4, biasMultiplier: 1)
                let newLoss = twinLoss(twinNetwork)
                state.pushActions()
                state.pushReward(newLoss < loss ? RewardSymbol.bonus : RewardSymbol.penalty)
                loss = newLoss
            }
            blackHole(loss)
        }
    }

    // The 2-D task's iteration as `synrl boundary` runs it: 2-100-1 tanh on 2,000 points, adaptive from zeros, on
    // 1 and 2 threads.
    for threads in [1, 2] {
        let task = try! BoundaryTask(seed: 1, threads: threads)
        var boundarySettings = SynapticSettings()
        boundarySettings.threads = threads
        let trainer = try! SynapticTrainer(network: task.makeLearner(seed: 1, weightRange: 0.5),
                                           table: QTable(historyLength: 2), settings: boundarySettings, seed: 1, objective: task)
        Benchmark("2-100-1 tanh 2000 points adaptive\(threads == 1 ? "" : ", \(threads) threads")") { benchmark in
            for _ in benchmark.scaledIterations { _ = try? trainer.step(on: task) }
            blackHole(trainer.loss)
        }
    }
    let boundary = try! BoundaryTask(seed: 1)

    // Its forward pass over the 2,000 points: each fused kernel (the C AVX2 kernel where the CPU has AVX2, the
    // portable Swift loop) vs the scalar twin, all checked equal to it first.
    let learner = try! boundary.makeLearner(seed: 2, weightRange: 0.5)
    let pointCount = boundary.points.count
    let fused = UnsafeMutablePointer<Float>.allocate(capacity: pointCount)
    let twin = TwoInputTanhForward.scalarTwin(learner, on: boundary.points)
    for kernel in TwoInputTanhForward.Kernel.allCases {
        TwoInputTanhForward.compute(learner, on: boundary.points, range: 0..<pointCount, into: fused, kernel: kernel)
        precondition(Array(UnsafeBufferPointer(start: fused, count: pointCount)) == twin, "\(kernel) kernel differs from the twin")
        Benchmark("2-100-1 tanh 2000 points forward, fused \(kernel)") { benchmark in
            for _ in benchmark.scaledIterations {
                TwoInputTanhForward.compute(learner, on: boundary.points, range: 0..<pointCount, into: fused, kernel: kernel)
            }
            blackHole(fused[0])
        }
    }
    Benchmark("2-100-1 tanh 2000 points forward, scalar twin") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(TwoInputTanhForward.scalarTwin(learner, on: boundary.points)) }
    }

    // tanh of 200,000 values (one forward pass's hidden activations): FastTanh vs libm's tanhf per element.
    let arguments = (0..<200_000).map { Float($0 % 4000) / 200 - 10 }
    let values = UnsafeMutablePointer<Float>.allocate(capacity: arguments.count)
    for (index, argument) in arguments.enumerated() {
        let error = abs(Double(FastTanh.tanh(argument)) - Foundation.tanh(Double(argument)))
        precondition(error <= FastTanh.ulpBound * Double(Float(Foundation.tanh(Double(argument))).ulp), "FastTanh off at \(index)")
    }
    Benchmark("tanh 200000 values, FastTanh") { benchmark in
        for _ in benchmark.scaledIterations {
            values.update(from: arguments, count: arguments.count)
            FastTanh.apply(to: values, count: arguments.count)
        }
        blackHole(values[0])
    }
    Benchmark("tanh 200000 values, libm tanhf") { benchmark in
        for _ in benchmark.scaledIterations {
            values.update(from: arguments, count: arguments.count)
            for index in 0..<arguments.count { values[index] = Foundation.tanh(values[index]) }
        }
        blackHole(values[0])
    }

    // Handing two blocks of trivial work to a second thread and waiting for both, back to back and after 100 µs of
    // work on the calling thread alone (an iteration's serial phases): the worker pool the engine uses against
    // Dispatch's concurrentPerform (what it used before). The serial work alone is timed too, to subtract.
    let sums = UnsafeMutablePointer<Int>.allocate(capacity: 2)
    func serialWork() {
        let end = DispatchTime.now().uptimeNanoseconds + 100_000
        while DispatchTime.now().uptimeNanoseconds < end { sums[0] &+= 1 }
    }
    let handOffs: [(String, () -> Void)] = [
        ("WorkerPool (Parallel.forEachBlock)", { Parallel.forEachBlock(count: 2, threads: 2) { sums[$0.lowerBound] &+= 1 } }),
        ("DispatchQueue.concurrentPerform", { DispatchQueue.concurrentPerform(iterations: 2) { sums[$0] &+= 1 } }),
    ]
    for (name, handOff) in handOffs {
        Benchmark("hand-off of 2 blocks, \(name)") { benchmark in
            for _ in benchmark.scaledIterations { handOff() }
            blackHole(sums[0])
        }
        Benchmark("100 µs serial work, then a hand-off of 2 blocks, \(name)") { benchmark in
            for _ in benchmark.scaledIterations {
                serialWork()
                handOff()
            }
            blackHole(sums[0])
        }
    }
    Benchmark("100 µs serial work alone") { benchmark in
        for _ in benchmark.scaledIterations { serialWork() }
        blackHole(sums[0])
    }
}
