/// Image classification as the trainer sees it: mean softmax cross-entropy on a minibatch of the training
/// images, redrawn on request (the paper: 5000 samples, redrawn every 5000 iterations).
///
/// It evaluates `trials` networks of one shape at once on the same minibatch (`synrl train --trials K`): their
/// first layers are stacked (`StackedFirstLayer`) so that one GEMM, or one integer update, serves all of them;
/// the later layers run per network. As an `Objective` it serves one network (trials = 1).
public final class ClassificationTask: Objective {
    public let training: LabeledImages
    public let batchSize: Int
    public let seed: UInt64
    public let threads: Int
    public let trials: Int
    /// The samples of each minibatch this process evaluates: all of them, or its share in a data-parallel run.
    public let share: Range<Int>
    /// The minibatch in use (this process's share of it): (pixels, share.count) features-major, pixels scaled to [0, 1].
    public private(set) var batch: Batch
    public private(set) var batchLabels: [Int32]
    public private(set) var batchNumber = 0
    /// `.dense` or `.incremental` (resolved from `.auto` by the caller).
    public let firstLayerPath: FirstLayerPath
    /// Each trial's loss at the last evaluation.
    public private(set) var losses: [Double]
    /// When set (incremental path, one trial), every evaluation is also made densely and the rewards compared.
    public private(set) var agreement: RewardAgreement?
    /// When set, the forward pass, the loss reduction and minibatch draws are timed into it.
    public var profile: PhaseProfile? {
        didSet { for pass in passes { pass.profile = profile } }
    }

    private let classes: Int
    private let hidden: Int
    private let parallel: DataParallel?
    /// The cross-entropy per `ChunkedSum` chunk of this process's share, and of the whole minibatch.
    private var localChunkSums: [Double]
    private var allChunkSums: [Double]
    private let firstLayer: StackedFirstLayer
    /// Per trial: layer 1's activations (written by `firstLayer`) and the later layers.
    private let passes: [ForwardPass]
    /// The trials' first-layer weights and actions, stacked as (trials · hidden, inputs + 1).
    private var stackedWeights: [Float]
    private var stackedActions: [UInt8]
    /// With `agreement`: a plain dense pass evaluated beside the incremental one.
    private var densePass: ForwardPass?

    public init(training: LabeledImages, networkSizes: [Int], batchSize: Int, seed: UInt64, threads: Int = 1,
                firstLayer: FirstLayerPath = .dense, trials: Int = 1, parallel: DataParallel? = nil) throws {
        guard networkSizes.first == training.pixelsPerImage, networkSizes.last == training.classCount else {
            throw SynapticRLError.invalidParameter(
                "a network \(networkSizes) does not fit \(training.pixelsPerImage) pixels and \(training.classCount) classes")
        }
        guard batchSize >= 1 else { throw SynapticRLError.invalidParameter("batch size must be positive, got \(batchSize)") }
        guard trials >= 1 else { throw SynapticRLError.invalidParameter("trials must be at least 1, got \(trials)") }
        precondition(firstLayer != .auto, "resolve the first-layer path before building the task")
        self.training = training
        let whole = min(batchSize, training.count)
        self.batchSize = whole
        if let parallel, !DataParallel.fits(samples: whole, size: parallel.size) {
            throw SynapticRLError.invalidParameter(
                "a minibatch of \(whole) has fewer than \(parallel.size) blocks of \(BLAS.columnBlock) samples for \(parallel.size) processes")
        }
        self.parallel = parallel
        share = parallel.map { DataParallel.share(rank: $0.rank, of: $0.size, samples: whole) } ?? 0..<whole
        localChunkSums = [Double](repeating: 0, count: ChunkedSum.chunkCount(samples: share.count))
        allChunkSums = [Double](repeating: 0, count: ChunkedSum.chunkCount(samples: whole))
        self.seed = seed
        self.threads = threads
        self.trials = trials
        firstLayerPath = firstLayer
        classes = training.classCount
        hidden = networkSizes[1]
        let inputs = networkSizes[0]
        batch = try Batch(features: inputs, count: share.count, values: [Float](repeating: 0, count: inputs * share.count))
        batchLabels = [Int32](repeating: 0, count: share.count)
        losses = [Double](repeating: .nan, count: trials)
        let local = share.count
        passes = (0..<trials).map { _ in ForwardPass(sizes: networkSizes, batchSize: local, threads: threads) }
        self.firstLayer = StackedFirstLayer(outputs: trials * hidden, inputs: inputs, batchSize: local, threads: threads)
        stackedWeights = [Float](repeating: 0, count: trials * hidden * (inputs + 1))
        stackedActions = [UInt8](repeating: 0, count: firstLayer == .incremental ? trials * hidden * (inputs + 1) : 0)
        selectBatch(number: 0)
    }

    /// The first layer's state over the whole minibatch, for a checkpoint. In a data-parallel run every process
    /// must call this at the same point (its share is gathered); the lead gets the whole, the others nil.
    func firstLayerSnapshot() -> StackedFirstLayer.Snapshot? {
        let local = firstLayer.snapshot
        guard let parallel else { return local }
        let (base, counts) = (parallel.collectFloats(local.base), parallel.collectIntegers(local.counts))
        guard let base, let counts else { return nil }
        let shares = (0..<parallel.size).map { DataParallel.share(rank: $0, of: parallel.size, samples: batchSize) }
        var whole = local
        whole.base = Self.interleave(base, rows: firstLayer.outputs, shares: shares, samples: batchSize)
        whole.counts = Self.interleave(counts, rows: firstLayer.outputs, shares: shares, samples: batchSize)
        return whole
    }

    /// (rows, samples) row-major from the processes' (rows, share) blocks concatenated in rank order.
    private static func interleave<T>(_ blocks: [T], rows: Int, shares: [Range<Int>], samples: Int) -> [T] {
        var whole = [T]()
        whole.reserveCapacity(rows * samples)
        for row in 0..<rows {
            var offset = 0
            for share in shares {
                whole += blocks[(offset + row * share.count)..<(offset + (row + 1) * share.count)]
                offset += rows * share.count
            }
        }
        return whole
    }

    /// Continues from a checkpoint: minibatch `number` and the first layer exactly as they were (this process's
    /// share of its columns in a data-parallel run).
    func restore(batchNumber number: Int, firstLayer snapshot: StackedFirstLayer.Snapshot) {
        selectBatch(number: number)
        var mine = snapshot
        if share.count != batchSize {
            let rows = firstLayer.outputs
            mine.base = (0..<rows).flatMap { snapshot.base[($0 * batchSize + share.lowerBound)..<($0 * batchSize + share.upperBound)] }
            mine.counts = (0..<rows).flatMap { snapshot.counts[($0 * batchSize + share.lowerBound)..<($0 * batchSize + share.upperBound)] }
        }
        firstLayer.restore(mine)
    }

    /// Evaluates every iteration densely as well and counts how often the two rewards agree (incremental path,
    /// one trial).
    public func startCheckingFirstLayer() {
        guard firstLayerPath == .incremental && trials == 1 else { return }
        densePass = ForwardPass(sizes: passes[0].sizes, batchSize: share.count, threads: threads)
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
        // Every process draws the same order and takes its share of it.
        Self.gather(training, indices: order[share], into: &batch.values, labels: &batchLabels)
        if firstLayerPath == .incremental { firstLayer.load(training, indices: order[share]) }
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
        precondition(trials == 1, "a task of \(trials) trials evaluates them together: evaluate(_:)")
        evaluate { _ in network }
        return losses[0]
    }

    public func loss(of network: Network, movedBy actions: [UInt8], step: Float) -> Double {
        precondition(trials == 1, "a task of \(trials) trials evaluates them together: evaluate(_:movedBy:step:)")
        evaluate({ _ in network }, movedBy: { _ in actions }, step: step)
        return losses[0]
    }

    /// Evaluates trial k's `network(k)` afresh for every k (a new base for the incremental path) into `losses`.
    public func evaluate(_ network: (Int) -> Network) {
        timed("layer 1 GEMM") {
            for trial in 0..<trials { stackFirstLayer(of: network(trial), trial: trial) }
            stackedWeights.withUnsafeBufferPointer { firstLayer.rebase(weights: $0.baseAddress!, batch: batch) }
        }
        finish(network, compares: false)
    }

    /// Evaluates trial k's `network(k)` just after its sweep moved it by `actions(k)` with `step`: incrementally
    /// where the path and the base allow, else afresh. Results in `losses`.
    public func evaluate(_ network: (Int) -> Network, movedBy actions: (Int) -> [UInt8], step: Float) {
        guard firstLayerPath == .incremental && firstLayer.canCount(step: step) else { return evaluate(network) }
        timed("layer 1 integer update") {
            for trial in 0..<trials {
                let moves = actions(trial)
                let layer = network(trial).weightRange(ofLayer: 0)
                moves.withUnsafeBufferPointer { moves in
                    stackedActions.withUnsafeMutableBufferPointer {
                        ($0.baseAddress! + trial * layer.count).update(from: moves.baseAddress! + layer.lowerBound, count: layer.count)
                    }
                }
            }
            stackedActions.withUnsafeBufferPointer { firstLayer.count(actions: $0.baseAddress!, step: step) }
        }
        finish(network, compares: true)
    }

    /// Copies trial `trial`'s first-layer matrix into its rows of `stackedWeights`.
    private func stackFirstLayer(of network: Network, trial: Int) {
        let layer = network.weightRange(ofLayer: 0)
        network.weights.withUnsafeBufferPointer { source in
            stackedWeights.withUnsafeMutableBufferPointer {
                ($0.baseAddress! + trial * layer.count).update(from: source.baseAddress! + layer.lowerBound, count: layer.count)
            }
        }
    }

    /// Layer 1's activations from the stacked layer, then every trial's later layers and loss.
    private func finish(_ network: (Int) -> Network, compares: Bool) {
        for trial in 0..<trials {
            let trialNetwork = network(trial)
            passes[trial].run(trialNetwork) { destination in
                timed("layer 1 activation") {
                    trialNetwork.weights.withUnsafeBufferPointer {
                        firstLayer.activations(rows: (trial * hidden)..<((trial + 1) * hidden), weights: $0.baseAddress!,
                                               activation: trialNetwork.activations[0], into: destination)
                    }
                }
            }
            losses[trial] = reduction(of: passes[trial])
        }
        if let densePass {
            densePass.compute(network(0), on: batch)
            agreement!.record(incremental: losses[0], dense: reduction(of: densePass), compares: compares)
        }
    }

    private func timed<Result>(_ phase: String, _ body: () -> Result) -> Result {
        profile.map { $0.measure(phase, body) } ?? body()
    }

    /// Mean cross-entropy of `pass`'s output over the whole minibatch: this process's chunk sums, gathered with
    /// the other processes' in a data-parallel run, added in chunk order.
    private func reduction(of pass: ForwardPass) -> Double {
        timed("loss reduction") {
            pass.withOutput { logits in
                batchLabels.withUnsafeBufferPointer { labels in
                    localChunkSums.withUnsafeMutableBufferPointer {
                        Loss.softmaxCrossEntropyChunkSums(logits: logits, labels: labels, classes: classes, samples: share.count,
                                                          threads: threads, into: $0)
                    }
                }
            }
            guard let parallel else { return localChunkSums.withUnsafeBufferPointer(ChunkedSum.orderedSum) / Double(batchSize) }
            localChunkSums.withUnsafeBufferPointer { local in
                allChunkSums.withUnsafeMutableBufferPointer { parallel.gather(local, $0) }
            }
            return allChunkSums.withUnsafeBufferPointer(ChunkedSum.orderedSum) / Double(batchSize)
        }
    }
}
