/// Inputs for the benchmark suites (Benchmarks/), built from our seeded generator: images with the sparsity of
/// real character data (about half the pixels zero), networks initialised as the paper's OCR runs.
@_spi(Benchmarks) public enum BenchmarkData {
    public static func networkAndBatch(sizes: [Int], batchSize: Int, seed: UInt64 = 1) -> (Network, Batch) {
        var network = try! Network.classifier(sizes: sizes)
        var draws = CounterStream(seed: seed, stream: .initialWeights)
        network.initialize(weightRange: 0.1, using: &draws)
        let images = images(count: batchSize, pixels: sizes[0], classes: sizes.last!, seed: seed)
        var values = [Float](repeating: 0, count: sizes[0] * batchSize)
        var labels = [Int32](repeating: 0, count: batchSize)
        MinibatchSampler.gather(images, indices: Array(0..<batchSize)[...], into: &values, labels: &labels)
        return (network, try! Batch(features: sizes[0], count: batchSize, values: values))
    }

    public static func images(count: Int, pixels: Int, classes: Int, seed: UInt64) -> LabeledImages {
        var draws = CounterStream(seed: seed, stream: .benchmarkData)
        let values = (0..<(count * pixels)).map { _ -> UInt8 in
            let raw = draws.next()
            return raw & 1 == 0 ? 0 : UInt8(truncatingIfNeeded: raw >> 8)
        }
        return try! LabeledImages(name: "synthetic", width: pixels, height: 1, pixels: values,
                                  labels: (0..<count).map { UInt8($0 % classes) }, classNames: (0..<classes).map(String.init))
    }

    /// The images' pixels as the ternary kernel reads them: (count, width) sample-major, rows zero padded to
    /// `width` (a multiple of `TernaryAccumulate.widthMultiple`).
    public static func paddedPixels(_ images: LabeledImages, width: Int) -> [UInt8] {
        let inputs = images.pixelsPerImage
        var pixels = [UInt8](repeating: 0, count: images.count * width)
        for n in 0..<images.count {
            for i in 0..<inputs { pixels[n * width + i] = images.pixels[n * inputs + i] }
        }
        return pixels
    }

    /// One iteration's first-layer moves for the ternary kernel: (outputs, width), uniform in {−1, 0, +1} over the
    /// first `inputs` bytes of each row, zero in the padding.
    public static func ternaryChanges(outputs: Int, inputs: Int, width: Int, seed: UInt64) -> [Int8] {
        var draws = CounterStream(seed: seed, stream: .benchmarkData)
        var changes = [Int8](repeating: 0, count: outputs * width)
        for o in 0..<outputs {
            for i in 0..<inputs { changes[o * width + i] = Int8(draws.index(below: 3)) - 1 }
        }
        return changes
    }

    /// Stops the benchmark run if BLAS and the plain loops disagree beyond the tests' tolerance.
    public static func checkBLASAgainstTwin(network: Network, input: Batch) {
        let fast = ForwardPass(network: network, batchSize: input.count)
        let twin = ForwardPass(network: network, batchSize: input.count)
        fast.compute(network, on: input, engine: .blas)
        twin.compute(network, on: input, engine: .plainLoops)
        let worst = zip(fast.output, twin.output).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        precondition(worst <= 1e-5, "BLAS and the plain-loop twin disagree by \(worst)")
    }

    /// The forward pass's GEMMs alone (no bias, no activation, no loss) into `scratch`, which holds at least
    /// 2 · max(outputs) · batch Floats: the floor an iteration is measured against.
    public static func bareForwardGEMMs(_ network: Network, on input: Batch, scratch: UnsafeMutablePointer<Float>) {
        network.weights.withUnsafeBufferPointer { weights in
            input.values.withUnsafeBufferPointer { x in
                // Layers write the two halves of the scratch in turn and read the other: the pass's shapes and traffic.
                let half = network.sizes.dropFirst().max()! * input.count
                for layer in 0..<network.layerCount {
                    let (inputs, outputs) = (network.inputs(ofLayer: layer), network.outputs(ofLayer: layer))
                    let source = layer == 0 ? x.baseAddress! : UnsafePointer(scratch + (layer - 1) % 2 * half)
                    BLAS.multiply(m: outputs, n: input.count, k: inputs, a: weights.baseAddress! + network.layerOffsets[layer] + 1,
                                  lda: inputs + 1, b: source, ldb: input.count, beta: 0, c: scratch + layer % 2 * half,
                                  ldc: input.count)
                }
            }
        }
    }

    /// The same GEMMs in the other orientation, sample-major: each layer computes (batch, out) = X(batch, in) · Wᵀ.
    /// `input` is the batch transposed, (count, features) row-major; `scratch` as for `bareForwardGEMMs`.
    public static func bareSampleMajorGEMMs(_ network: Network, on input: [Float], count: Int, scratch: UnsafeMutablePointer<Float>) {
        network.weights.withUnsafeBufferPointer { weights in
            input.withUnsafeBufferPointer { x in
                let half = network.sizes.dropFirst().max()! * count
                for layer in 0..<network.layerCount {
                    let (inputs, outputs) = (network.inputs(ofLayer: layer), network.outputs(ofLayer: layer))
                    let source = layer == 0 ? x.baseAddress! : UnsafePointer(scratch + (layer - 1) % 2 * half)
                    BLAS.multiply(transposeB: true, m: count, n: outputs, k: inputs, a: source, lda: inputs,
                                  b: weights.baseAddress! + network.layerOffsets[layer] + 1, ldb: inputs + 1, beta: 0,
                                  c: scratch + layer % 2 * half, ldc: outputs)
                }
            }
        }
    }
}
