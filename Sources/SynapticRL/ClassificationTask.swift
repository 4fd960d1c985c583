/// Image classification as the trainer sees it: mean softmax cross-entropy on a minibatch of the training
/// images, redrawn on request (the paper: 5000 samples, redrawn every 5000 iterations).
public final class ClassificationTask: Objective {
    public let training: LabeledImages
    public let batchSize: Int
    public let seed: UInt64
    public let threads: Int
    /// The minibatch in use: (pixels, batchSize) features-major, pixels scaled to [0, 1].
    public private(set) var batch: Batch
    public private(set) var batchLabels: [Int32]
    public private(set) var batchNumber = 0
    private let pass: ForwardPass
    private let classes: Int
    /// When set, the forward pass, the loss reduction and minibatch draws are timed into it.
    public var profile: PhaseProfile? {
        didSet { pass.profile = profile }
    }

    public init(training: LabeledImages, networkSizes: [Int], batchSize: Int, seed: UInt64, threads: Int = 1) throws {
        guard networkSizes.first == training.pixelsPerImage, networkSizes.last == training.classCount else {
            throw SynapticRLError.invalidParameter(
                "a network \(networkSizes) does not fit \(training.pixelsPerImage) pixels and \(training.classCount) classes")
        }
        guard batchSize >= 1 else { throw SynapticRLError.invalidParameter("batch size must be positive, got \(batchSize)") }
        self.training = training
        self.batchSize = min(batchSize, training.count)
        self.seed = seed
        self.threads = threads
        classes = training.classCount
        batch = try Batch(features: training.pixelsPerImage, count: self.batchSize,
                          values: [Float](repeating: 0, count: training.pixelsPerImage * self.batchSize))
        batchLabels = [Int32](repeating: 0, count: self.batchSize)
        pass = ForwardPass(sizes: networkSizes, batchSize: self.batchSize)
        selectBatch(number: 0)
    }

    /// Draws minibatch `number`: batchSize distinct training images by a partial Fisher–Yates shuffle keyed by
    /// (seed, minibatch stream, number); the whole set when batchSize covers it.
    public func selectBatch(number: Int) {
        if let profile {
            profile.measure("minibatch resampling") { draw(number: number) }
        } else {
            draw(number: number)
        }
    }

    private func draw(number: Int) {
        batchNumber = number
        var order = Array(0..<training.count)
        if batchSize < training.count {
            var draws = CounterStream(seed: seed, stream: .minibatch, iteration: UInt64(number))
            for position in 0..<batchSize {
                order.swapAt(position, position + draws.index(below: training.count - position))
            }
        }
        Self.gather(training, indices: order[..<batchSize], into: &batch.values, labels: &batchLabels)
    }

    /// Copies images into a (pixels, indices.count) features-major buffer, each pixel / 255.
    static func gather(_ images: LabeledImages, indices: ArraySlice<Int>, into values: inout [Float], labels: inout [Int32]) {
        let (width, count) = (images.pixelsPerImage, indices.count)
        images.pixels.withUnsafeBufferPointer { pixels in
            values.withUnsafeMutableBufferPointer { out in
                for (column, index) in indices.enumerated() {
                    let image = pixels.baseAddress! + index * width
                    for pixel in 0..<width { out[pixel * count + column] = Float(image[pixel]) / 255 }
                }
            }
        }
        for (column, index) in indices.enumerated() { labels[column] = Int32(images.labels[index]) }
    }

    public func loss(of network: Network) -> Double {
        pass.run(network, on: batch)
        guard let profile else { return reduction() }
        return profile.measure("loss reduction") { reduction() }
    }

    /// Mean cross-entropy of the forward pass's output on the current minibatch.
    private func reduction() -> Double {
        pass.withOutput { logits in
            batchLabels.withUnsafeBufferPointer {
                Loss.softmaxCrossEntropy(logits: logits, labels: $0, classes: classes, samples: batchSize, threads: threads)
            }
        }
    }
}
