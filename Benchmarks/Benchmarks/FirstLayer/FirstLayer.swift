import Benchmark
@_spi(Benchmarks) import SynapticRL

/// The first layer's per-iteration work on 5000 images of 784 pixels, 10 and 32 outputs: the dense sgemm
/// against the exact 8-bit × ternary update (AVX2 and portable C kernels, AVX2 on 2 threads, and the Swift
/// twin). The kernels are checked against the twin before they are timed.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(2))
    let (samples, inputs, width) = (5000, 784, 800)
    let images = BenchmarkData.images(count: samples, pixels: inputs, classes: 10, seed: 4)
    let pixels = BenchmarkData.paddedPixels(images, width: width)
    for outputs in [10, 32] {
        let changes = BenchmarkData.ternaryChanges(outputs: outputs, inputs: inputs, width: width, seed: UInt64(outputs))
        var expected = [Int32](repeating: 0, count: outputs * samples)
        TernaryAccumulate.twin(changes: changes, outputs: outputs, pixels: pixels, samples: samples, width: width, counts: &expected)
        for kernel in [TernaryAccumulate.Kernel.best, .portable] {
            var counts = [Int32](repeating: 0, count: outputs * samples)
            TernaryAccumulate.run(changes: changes, outputs: outputs, pixels: pixels, samples: samples, width: width,
                                  counts: &counts, kernel: kernel)
            precondition(counts == expected, "the \(kernel) kernel disagrees with the twin")
        }

        let (network, input) = BenchmarkData.networkAndBatch(sizes: [inputs, outputs], batchSize: samples, seed: 4)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * outputs * samples)
        Benchmark("784-\(outputs) sgemm") { benchmark in
            for _ in benchmark.scaledIterations { BenchmarkData.bareForwardGEMMs(network, on: input, scratch: scratch) }
            blackHole(scratch[0])
        }
        var counts = [Int32](repeating: 0, count: outputs * samples)
        let kernels: [(String, TernaryAccumulate.Kernel)] = [(TernaryAccumulate.hasAVX2 ? "AVX2" : "best", .best), ("portable C", .portable)]
        for (name, kernel) in kernels {
            Benchmark("784-\(outputs) ternary \(name)") { benchmark in
                for _ in benchmark.scaledIterations {
                    TernaryAccumulate.run(changes: changes, outputs: outputs, pixels: pixels, samples: samples, width: width,
                                          counts: &counts, kernel: kernel)
                }
                blackHole(counts[0])
            }
        }
        // The kernel alone on two threads (samples split in two): what the incremental iteration's second thread
        // can gain at most.
        Benchmark("784-\(outputs) ternary \(TernaryAccumulate.hasAVX2 ? "AVX2" : "best"), 2 threads") { benchmark in
            for _ in benchmark.scaledIterations {
                TernaryAccumulate.run(changes: changes, outputs: outputs, pixels: pixels, samples: samples, width: width,
                                      counts: &counts, threads: 2)
            }
            blackHole(counts[0])
        }
        Benchmark("784-\(outputs) ternary Swift twin") { benchmark in
            for _ in benchmark.scaledIterations {
                TernaryAccumulate.twin(changes: changes, outputs: outputs, pixels: pixels, samples: samples, width: width, counts: &counts)
            }
            blackHole(counts[0])
        }
    }
}
