@_spi(Benchmarks) import SynapticRL

/// The minibatch a peer optimizer evaluates on: synaptic RL's draw (`MinibatchSampler`, the run's seed), gathered
/// features-major, with a dense forward pass over it and the mean softmax cross-entropy of a network's logits.
final class PeerMinibatch {
    let sampler: MinibatchSampler
    private(set) var input: Batch
    private(set) var labels: [Int32]
    private(set) var number = 0
    let pass: ForwardPass
    let threads: Int

    /// `sizes` fit the images: a network of the wrong shape for them is refused (every peer and gradient descent
    /// checks through here).
    init(training: LabeledImages, sizes: [Int], batchSize: Int, seed: UInt64, threads: Int) throws {
        try Self.requireFit(sizes: sizes, training: training)
        sampler = try MinibatchSampler(images: training, batchSize: batchSize, seed: seed)
        (input, labels) = try sampler.batch(number: 0)
        pass = ForwardPass(sizes: sizes, batchSize: sampler.batchSize, threads: threads)
        self.threads = threads
    }

    var count: Int { sampler.batchSize }

    /// A network of `sizes` takes `training`'s pixels and answers its classes.
    static func requireFit(sizes: [Int], training: LabeledImages) throws {
        guard sizes.first == training.pixelsPerImage, sizes.last == training.classCount else {
            throw SynapticRLError.invalidParameter(
                "a network \(sizes) does not fit \(training.pixelsPerImage) pixels and \(training.classCount) classes")
        }
    }

    /// Makes minibatch `number` the one in use.
    func select(number: Int) {
        guard number != self.number else { return }
        let indices = sampler.indices(ofBatch: number)
        MinibatchSampler.gather(sampler.images, indices: indices[...], into: &input.values, labels: &labels)
        self.number = number
    }

    /// The mean cross-entropy of `network` on the minibatch in use (one forward pass over it).
    func loss(of network: Network) -> Double {
        pass.compute(network, on: input)
        return pass.withOutput { logits in
            labels.withUnsafeBufferPointer {
                Loss.softmaxCrossEntropy(logits: logits, labels: $0, classes: network.outputCount, samples: input.count, threads: threads)
            }
        }
    }
}
