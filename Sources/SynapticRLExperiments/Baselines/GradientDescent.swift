import Foundation
@_spi(Benchmarks) import SynapticRL

/// The paper's baseline: full-batch gradient descent with backpropagation through BLAS, no momentum,
/// on mean softmax cross-entropy; with a batch size below the training set, minibatch SGD (a fresh seeded
/// minibatch each step). Works for any layer sizes and activations of `Network`.
public final class GradientDescent {
    public private(set) var network: Network
    public let learningRate: Float
    /// Draws the (minibatch or whole) training batch.
    let sampler: MinibatchSampler
    let pass: ForwardPass
    private var steps = 0
    /// The batch in use, features-major, with its labels.
    private var input: Batch
    private var labels: [Int32]
    let threads: Int
    private let backpropagation: Backpropagation

    /// `batchSize` nil (or the training set's size) is full-batch descent.
    public init(network: Network, training: LabeledImages, learningRate: Float, batchSize: Int? = nil,
                seed: UInt64 = 1, threads: Int = 1) throws {
        guard learningRate.isFinite && learningRate > 0 else {
            throw SynapticRLError.invalidParameter("learning rate must be positive and finite, got \(learningRate)")
        }
        self.network = network
        self.learningRate = learningRate
        self.threads = threads
        try PeerMinibatch.requireFit(sizes: network.sizes, training: training)
        sampler = try MinibatchSampler(images: training, batchSize: batchSize ?? training.count, seed: seed)
        (input, labels) = try sampler.batch(number: 0)
        pass = ForwardPass(network: network, batchSize: sampler.batchSize, threads: threads)
        backpropagation = Backpropagation(sizes: network.sizes, batchSize: sampler.batchSize, threads: threads)
    }

    /// One step on the whole training set, or on the next minibatch; returns the loss (on that batch) before it.
    @discardableResult
    public func step() -> Double {
        if sampler.batchSize < sampler.images.count && steps > 0 {
            let indices = sampler.indices(ofBatch: steps)
            MinibatchSampler.gather(sampler.images, indices: indices[...], into: &input.values, labels: &labels)
        }
        steps += 1
        let loss = currentLoss()
        backpropagation.compute(network, input: input, labels: labels, pass: pass)
        let gradient = backpropagation.gradient
        for index in network.weights.indices { network.weights[index] -= learningRate * gradient[index] }
        return loss
    }

    /// The loss on the batch in use at the current weights: before any step, what the first `step()` returns.
    public func currentLoss() -> Double {
        pass.compute(network, on: input)
        return pass.withOutput { logits in
            labels.withUnsafeBufferPointer {
                Loss.softmaxCrossEntropy(logits: logits, labels: $0, classes: network.outputCount, samples: input.count, threads: threads)
            }
        }
    }

    /// The gradient of the mean cross-entropy at the current weights (after `pass` ran on them).
    public func currentGradient() -> [Float] {
        pass.compute(network, on: input)
        backpropagation.compute(network, input: input, labels: labels, pass: pass)
        return backpropagation.gradient
    }
}

/// Backpropagation of the mean softmax cross-entropy through any `Network`, with its scratch buffers: what
/// gd, sgd and signsgd share. Call `compute` after a `ForwardPass` ran on the same network and input.
final class Backpropagation {
    /// dL/dw in the canonical synapse order, like `Network.weights`.
    private(set) var gradient: [Float]
    /// dL/dZ of the layer being processed and of the one below it, (units, samples) each.
    private var upper: [Float]
    private var lower: [Float]
    let threads: Int

    init(sizes: [Int], batchSize: Int, threads: Int) {
        let synapses = zip(sizes, sizes.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
        gradient = [Float](repeating: 0, count: synapses)
        upper = [Float](repeating: 0, count: sizes.dropFirst().max()! * batchSize)
        lower = upper
        self.threads = threads
    }

    /// The gradient at `network` on `input` (features-major) and `labels`, from the activations `pass` holds.
    func compute(_ network: Network, input: Batch, labels: [Int32], pass: ForwardPass) {
        precondition(gradient.count == network.synapseCount && upper.count >= input.count * network.sizes.dropFirst().max()!,
                     "a backpropagation sized for another network or batch")
        let samples = input.count
        pass.withOutput { logits in
            labels.withUnsafeBufferPointer { labels in
                upper.withUnsafeMutableBufferPointer { dZ in
                    Self.softmaxError(logits: logits.baseAddress!, labels: labels.baseAddress!, classes: network.outputCount,
                                      samples: samples, into: dZ.baseAddress!)
                }
            }
        }
        for layer in stride(from: network.layerCount - 1, through: 0, by: -1) {
            let shape = (inputs: network.inputs(ofLayer: layer), outputs: network.outputs(ofLayer: layer))
            let offset = network.layerOffsets[layer]
            let below = layer > 0 ? network.activations[layer - 1] : nil
            Self.withLayerInput(layer, input: input, pass: pass) { source in
                network.weights.withUnsafeBufferPointer { weights in
                    gradient.withUnsafeMutableBufferPointer { grad in
                        upper.withUnsafeBufferPointer { dZ in
                            lower.withUnsafeMutableBufferPointer { dA in
                                Self.layerBackward(
                                    weights: weights.baseAddress! + offset, inputs: shape.inputs, outputs: shape.outputs,
                                    source: source, samples: samples, upstream: dZ.baseAddress!,
                                    gradient: grad.baseAddress! + offset, belowActivation: below, downstream: dA.baseAddress!,
                                    threads: threads)
                            }
                        }
                    }
                }
            }
            if layer > 0 { swap(&upper, &lower) }
        }
    }

    /// dL/dZ of the output layer for mean softmax cross-entropy: (softmax(z) − one-hot) / samples.
    /// logits and dZ are (classes, samples) row-major; labels has one class per sample.
    static func softmaxError(
        logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>, classes: Int, samples: Int, into dZ: UnsafeMutablePointer<Float>
    ) {
        for sample in 0..<samples {
            var largest = -Float.infinity
            for c in 0..<classes { largest = max(largest, logits[c * samples + sample]) }
            var total: Float = 0
            for c in 0..<classes {
                let e = expf(logits[c * samples + sample] - largest)
                dZ[c * samples + sample] = e
                total += e
            }
            for c in 0..<classes {
                let target: Float = c == Int(labels[sample]) ? 1 : 0
                dZ[c * samples + sample] = (dZ[c * samples + sample] / total - target) / Float(samples)
            }
        }
    }

    /// One layer of backpropagation. weights is the layer's (out, in + 1) matrix, bias first; source its input
    /// activations (in, N); upstream dL/dZ (out, N). Writes the layer's gradient, (out, in + 1) like weights, and,
    /// when the layer has one below (belowActivation), dL/dZ of that layer into downstream (in, N).
    static func layerBackward(
        weights: UnsafePointer<Float>, inputs: Int, outputs: Int, source: UnsafePointer<Float>, samples: Int,
        upstream: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>,
        belowActivation: Activation?, downstream: UnsafeMutablePointer<Float>, threads: Int = 1
    ) {
        let row = inputs + 1
        // Bias column: row sums of dZ. Input columns: dZ (out, N) · sourceᵀ (N, in).
        for neuron in 0..<outputs {
            var sum: Float = 0
            for sample in 0..<samples { sum += upstream[neuron * samples + sample] }
            gradient[neuron * row] = sum
        }
        BLAS.multiply(transposeB: true, m: outputs, n: inputs, k: samples, a: upstream, lda: samples,
                      b: source, ldb: samples, beta: 0, c: gradient + 1, ldc: row, threads: threads)
        guard let belowActivation else { return }
        // dA below = W[:, 1...]ᵀ (in, out) · dZ (out, N), then times the activation's slope at its output.
        BLAS.multiply(transposeA: true, m: inputs, n: samples, k: outputs, a: weights + 1, lda: row,
                      b: upstream, ldb: samples, beta: 0, c: downstream, ldc: samples, threads: threads)
        for index in 0..<(inputs * samples) {
            downstream[index] *= slope(belowActivation, output: source[index])
        }
    }

    /// The activation's derivative written in terms of its output a.
    @inline(__always)
    static func slope(_ activation: Activation, output a: Float) -> Float {
        switch activation {
        case .identity: return 1
        case .relu: return a > 0 ? 1 : 0
        case .tanh: return 1 - a * a
        case .sigmoid: return a * (1 - a)
        }
    }

    /// The input of `layer`: the data for layer 0, else the activations of the layer below.
    private static func withLayerInput(_ layer: Int, input: Batch, pass: ForwardPass, _ body: (UnsafePointer<Float>) -> Void) {
        if layer == 0 {
            input.values.withUnsafeBufferPointer { body($0.baseAddress!) }
        } else {
            pass.withLayerOutput(layer - 1) { body($0.baseAddress!) }
        }
    }
}

extension GradientDescent {
    /// Whether each step draws a fresh minibatch (else every step sees the whole training set).
    var isMinibatch: Bool { sampler.batchSize < sampler.images.count }

    /// Continues after `steps` steps from `network`'s weights (a checkpoint's): the next step trains on minibatch
    /// `steps`, as the run left alone would. Descent remembers nothing else.
    func restore(network: Network, steps: Int) throws {
        guard network.sizes == self.network.sizes, network.activations == self.network.activations else {
            throw SynapticRLError.invalidData("a network \(network.sizes) does not fit this descent's \(self.network.sizes)")
        }
        guard steps >= 1 else { throw SynapticRLError.invalidData("descent resumes after a step, not after \(steps)") }
        self.network = network
        self.steps = steps
    }
}
