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
    /// `.dense` or `.incremental` (resolved from `.auto` by the caller).
    public let firstLayerPath: FirstLayerPath
    private let pass: ForwardPass
    private let classes: Int
    private let incremental: IncrementalFirstLayer?
    /// With the incremental path: a dense pass evaluated beside it when `agreement` is set.
    private var densePass: ForwardPass?
    /// When set (incremental path only), every evaluation is also made densely and the rewards compared.
    public private(set) var agreement: RewardAgreement?
    /// When set, the forward pass, the loss reduction and minibatch draws are timed into it.
    public var profile: PhaseProfile? {
        didSet { pass.profile = profile }
    }

    public init(training: LabeledImages, networkSizes: [Int], batchSize: Int, seed: UInt64, threads: Int = 1,
                firstLayer: FirstLayerPath = .dense) throws {
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
        precondition(firstLayer != .auto, "resolve the first-layer path before building the task")
        firstLayerPath = firstLayer
        incremental = firstLayer == .incremental
            ? IncrementalFirstLayer(outputs: networkSizes[1], inputs: networkSizes[0], batchSize: self.batchSize, threads: threads)
            : nil
        selectBatch(number: 0)
    }

    /// Evaluates every iteration densely as well and counts how often the two rewards agree (incremental path only).
    public func startCheckingFirstLayer() {
        guard incremental != nil else { return }
        densePass = ForwardPass(sizes: pass.sizes, batchSize: batchSize)
        agreement = RewardAgreement()
    }

    /// Draws minibatch `number`: batchSize distinct training images by a partial Fisher–Yates shuffle keyed by
    /// (seed, minibatch stream, number); the whole set when batchSize covers it.
    public func selectBatch(number: Int) {
        timed("minibatch resampling") { draw(number: number) }
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
        incremental?.load(training, indices: order[..<batchSize])
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
        guard let incremental else {
            pass.run(network, on: batch)
            return reduction(of: pass)
        }
        timed("layer 1 new base") { network.weights.withUnsafeBufferPointer { incremental.rebase(weights: $0.baseAddress!, batch: batch) } }
        return incrementalLoss(network, compares: false)
    }

    public func loss(of network: Network, movedBy actions: [UInt8], step: Float) -> Double {
        guard let incremental else { return loss(of: network) }
        guard incremental.canCount(step: step) else { return loss(of: network) }
        timed("layer 1 integer update") {
            actions.withUnsafeBufferPointer { incremental.count(actions: $0.baseAddress! + network.layerOffsets[0], step: step) }
        }
        return incrementalLoss(network, compares: true)
    }

    /// The loss through the incremental first layer, checked against a dense pass when `agreement` is set.
    private func incrementalLoss(_ network: Network, compares: Bool) -> Double {
        pass.run(network) { firstLayer in
            timed("layer 1 activation") {
                network.weights.withUnsafeBufferPointer {
                    incremental!.activations(weights: $0.baseAddress!, activation: network.activations[0], into: firstLayer)
                }
            }
        }
        let loss = reduction(of: pass)
        if let densePass {
            densePass.run(network, on: batch)
            agreement!.record(incremental: loss, dense: reduction(of: densePass), compares: compares)
        }
        return loss
    }

    private func timed<Result>(_ phase: String, _ body: () -> Result) -> Result {
        profile.map { $0.measure(phase, body) } ?? body()
    }

    /// Mean cross-entropy of `pass`'s output on the current minibatch.
    private func reduction(of pass: ForwardPass) -> Double {
        timed("loss reduction") {
            pass.withOutput { logits in
                batchLabels.withUnsafeBufferPointer {
                    Loss.softmaxCrossEntropy(logits: logits, labels: $0, classes: classes, samples: batchSize, threads: threads)
                }
            }
        }
    }
}
