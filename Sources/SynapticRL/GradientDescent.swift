import Foundation

/// The paper's baseline: full-batch gradient descent with backpropagation through BLAS, no momentum,
/// on mean softmax cross-entropy; with a batch size below the training set, minibatch SGD (a fresh seeded
/// minibatch each step). Works for any layer sizes and activations of `Network`.
public final class GradientDescent {
    public private(set) var network: Network
    public let learningRate: Float
    /// Supplies the (minibatch or whole) training batch, features-major, with its labels.
    let task: ClassificationTask
    let pass: ForwardPass
    private var steps = 0
    private var input: Batch { task.batch }
    private var labels: [Int32] { task.batchLabels }
    let threads: Int
    private var gradient: [Float]
    /// dL/dZ of the layer being processed and of the one below it, (units, samples) each.
    private var upper: [Float]
    private var lower: [Float]

    /// `batchSize` nil (or the training set's size) is full-batch descent.
    public init(network: Network, training: LabeledImages, learningRate: Float, batchSize: Int? = nil,
                seed: UInt64 = 1, threads: Int = 1) throws {
        guard learningRate.isFinite && learningRate > 0 else {
            throw SynapticRLError.invalidParameter("learning rate must be positive and finite, got \(learningRate)")
        }
        self.network = network
        self.learningRate = learningRate
        self.threads = threads
        task = try ClassificationTask(training: training, networkSizes: network.sizes,
                                      batchSize: batchSize ?? training.count, seed: seed, threads: threads)
        pass = ForwardPass(network: network, batchSize: task.batchSize)
        gradient = [Float](repeating: 0, count: network.synapseCount)
        let widest = network.sizes.dropFirst().max()!
        upper = [Float](repeating: 0, count: widest * task.batchSize)
        lower = upper
    }

    /// One step on the whole training set, or on the next minibatch; returns the loss (on that batch) before it.
    @discardableResult
    public func step() -> Double {
        if task.batchSize < task.training.count && steps > 0 { task.selectBatch(number: steps) }
        steps += 1
        pass.run(network, on: input)
        let loss = pass.withOutput { logits in
            labels.withUnsafeBufferPointer {
                Loss.softmaxCrossEntropy(logits: logits, labels: $0, classes: network.outputCount, samples: input.count, threads: threads)
            }
        }
        computeGradient()
        for index in network.weights.indices { network.weights[index] -= learningRate * gradient[index] }
        return loss
    }

    /// The gradient of the mean cross-entropy at the current weights (after `pass` ran on them).
    public func currentGradient() -> [Float] {
        pass.run(network, on: input)
        computeGradient()
        return gradient
    }

    private func computeGradient() {
        let samples = input.count
        let last = network.layerCount - 1
        // dL/dZ of the output: (softmax − one-hot) / samples, (classes, samples).
        pass.withOutput { logits in
            let classes = network.outputCount
            for sample in 0..<samples {
                var largest = -Float.infinity
                for c in 0..<classes { largest = max(largest, logits[c * samples + sample]) }
                var total: Float = 0
                for c in 0..<classes {
                    let e = expf(logits[c * samples + sample] - largest)
                    upper[c * samples + sample] = e
                    total += e
                }
                for c in 0..<classes {
                    let target: Float = c == Int(labels[sample]) ? 1 : 0
                    upper[c * samples + sample] = (upper[c * samples + sample] / total - target) / Float(samples)
                }
            }
        }
        for layer in stride(from: last, through: 0, by: -1) {
            let (inputs, outputs, row) = (network.inputs(ofLayer: layer), network.outputs(ofLayer: layer), network.rowLength(ofLayer: layer))
            let offset = network.layerOffsets[layer]
            withLayerInput(layer) { source in
                network.weights.withUnsafeBufferPointer { weights in
                    gradient.withUnsafeMutableBufferPointer { grad in
                        upper.withUnsafeBufferPointer { dZ in
                            // Bias column: row sums of dZ. Input columns: dZ (out, N) · sourceᵀ (N, in).
                            for neuron in 0..<outputs {
                                var sum: Float = 0
                                for sample in 0..<samples { sum += dZ[neuron * samples + sample] }
                                grad[offset + neuron * row] = sum
                            }
                            BLAS.multiply(transposeB: true, m: outputs, n: inputs, k: samples,
                                          a: dZ.baseAddress!, lda: samples, b: source, ldb: samples,
                                          beta: 0, c: grad.baseAddress! + offset + 1, ldc: row)
                            guard layer > 0 else { return }
                            // dA below = W[:, 1...]ᵀ (in, out) · dZ (out, N); then times the activation's slope.
                            lower.withUnsafeMutableBufferPointer { dA in
                                BLAS.multiply(transposeA: true, m: inputs, n: samples, k: outputs,
                                              a: weights.baseAddress! + offset + 1, lda: row, b: dZ.baseAddress!, ldb: samples,
                                              beta: 0, c: dA.baseAddress!, ldc: samples)
                                let activation = network.activations[layer - 1]
                                for index in 0..<(inputs * samples) {
                                    dA[index] *= Self.slope(activation, output: source[index])
                                }
                            }
                        }
                    }
                }
            }
            if layer > 0 { swap(&upper, &lower) }
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
    private func withLayerInput(_ layer: Int, _ body: (UnsafePointer<Float>) -> Void) {
        if layer == 0 {
            input.values.withUnsafeBufferPointer { body($0.baseAddress!) }
        } else {
            pass.withLayerOutput(layer - 1) { body($0.baseAddress!) }
        }
    }
}
