/// Classification as the trainer sees it: a network + labelled data + a loss — mean softmax cross-entropy (the
/// paper's) or mean squared error against one-hot targets — on a minibatch of the training samples, redrawn on
/// request (the paper: 5000 samples, redrawn every 5000 iterations). Every layer's activation is the network's.
///
/// It evaluates `trials` networks of one shape at once on the same minibatch (`synrl train --trials K`): their
/// first layers are stacked (`StackedFirstLayer`) so that one GEMM, or one integer update, serves all of them;
/// the later layers run per network. As an `Objective` it serves one network (trials = 1).
///
/// An evaluation is one fused pass per sample block (`SampleBlockScratch.blockSize` samples): the thread that
/// takes a block runs the first layer's GEMM slice or integer update on it, the activations, every later layer and
/// the loss's chunk sums, with the block's activations in its own scratch; threads take whole blocks, and the
/// chunk sums are added in chunk order, so the loss is the same bits for any thread count.
public final class ClassificationTask: Objective {
    /// What the task minimises over a minibatch.
    public enum LossFunction: String, Sendable, CaseIterable, Codable {
        /// Mean over samples of −log softmax(z)[label] (the paper's OCR loss).
        case softmaxCrossEntropy
        /// Mean over samples of Σ_c (z_c − [c = label])².
        case oneHotSquaredError
    }

    public let training: LabeledImages
    public let lossFunction: LossFunction
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
        didSet { firstLayer.profile = profile }
    }

    private let classes: Int
    let parallel: DataParallel?
    let sampler: MinibatchSampler
    /// The cross-entropy per `ChunkedSum` chunk of this process's share, and of the whole minibatch.
    private var localChunkSums: [Double]
    private var allChunkSums: [Double]
    /// Every trial's loss per chunk of this process's share, (trials, chunks), written by the blocks' threads.
    private let trialChunkSums: UnsafeMutableBufferPointer<Double>
    let firstLayer: FirstLayerDriver
    private let networkSizes: [Int]
    /// One per thread slot of the fused pass (`Parallel.slots`).
    private let scratch: [SampleBlockScratch]
    /// With `agreement`: a plain dense pass evaluated beside the incremental one.
    private var densePass: ForwardPass?
    /// For `presynapticActivity(of:)`: the hidden layers' pass, and the pixels' activity of the minibatch it is of.
    private var activityPass: ForwardPass?
    private var pixelActivity: (batchNumber: Int, active: [Bool])?

    public init(training: LabeledImages, networkSizes: [Int], batchSize: Int, seed: UInt64, threads: Int = 1,
                firstLayer: FirstLayerPath = .dense, trials: Int = 1, parallel: DataParallel? = nil,
                loss: LossFunction = .softmaxCrossEntropy) throws {
        guard networkSizes.first == training.pixelsPerImage, networkSizes.last == training.classCount else {
            throw SynapticRLError.invalidParameter(
                "a network \(networkSizes) does not fit \(training.pixelsPerImage) pixels and \(training.classCount) classes")
        }
        guard trials >= 1 else { throw SynapticRLError.invalidParameter("trials must be at least 1, got \(trials)") }
        precondition(firstLayer != .auto, "resolve the first-layer path before building the task")
        guard firstLayer == .dense || training.floatFeatures == nil else {
            throw SynapticRLError.invalidParameter("the incremental first layer counts 8-bit pixels; Float features take the dense one")
        }
        self.training = training
        sampler = try MinibatchSampler(images: training, batchSize: batchSize, seed: seed)
        let whole = sampler.batchSize
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
        lossFunction = loss
        firstLayerPath = firstLayer
        classes = training.classCount
        let inputs = networkSizes[0]
        batch = try Batch(features: inputs, count: share.count, values: [Float](repeating: 0, count: inputs * share.count))
        batchLabels = [Int32](repeating: 0, count: share.count)
        losses = [Double](repeating: .nan, count: trials)
        let local = share.count
        self.networkSizes = networkSizes
        trialChunkSums = .allocate(capacity: trials * ChunkedSum.chunkCount(samples: local))
        trialChunkSums.initialize(repeating: 0)
        let blocks = (local + SampleBlockScratch.blockSize - 1) / SampleBlockScratch.blockSize
        scratch = (0..<min(Parallel.slots(threads: threads), blocks)).map { _ in SampleBlockScratch(sizes: networkSizes, trials: trials) }
        self.firstLayer = FirstLayerDriver(path: firstLayer, trials: trials, hidden: networkSizes[1], inputs: inputs, batchSize: local)
        selectBatch(number: 0)
    }

    deinit { trialChunkSums.deallocate() }

    /// Evaluates every iteration densely as well and counts how often the two rewards agree (incremental path,
    /// one trial).
    public func startCheckingFirstLayer() {
        guard firstLayerPath == .incremental && trials == 1 else { return }
        densePass = ForwardPass(sizes: networkSizes, batchSize: share.count, threads: threads)
        agreement = RewardAgreement()
    }

    /// Draws minibatch `number` (`MinibatchSampler`): every process draws the same and takes its share of it.
    public func selectBatch(number: Int) {
        profile.measure("minibatch resampling") {
            batchNumber = number
            let indices = sampler.indices(ofBatch: number)[share]
            MinibatchSampler.gather(training, indices: indices, into: &batch.values, labels: &batchLabels)
            firstLayer.load(training, indices: indices)
        }
    }

    public func loss(of network: Network) -> Double {
        precondition(trials == 1, "a task of \(trials) trials evaluates them together: evaluate(_:)")
        evaluate { _ in network }
        return losses[0]
    }

    public func loss(of network: Network, movedBy actions: [UInt8], step: Float) -> Double {
        loss(of: network, movedBy: actions, in: .ternary, step: step)
    }

    public func loss(of network: Network, movedBy actions: [UInt8], in actionSet: RuleActionSet, step: Float) -> Double {
        precondition(trials == 1, "a task of \(trials) trials evaluates them together: evaluate(_:movedBy:in:step:)")
        evaluate({ _ in network }, movedBy: { _ in actions }, in: actionSet, step: step)
        return losses[0]
    }

    /// The activity of `network`'s inputs on this minibatch (`PresynapticActivity.measure`): the pixels' once per
    /// minibatch, the hidden layers' by a plain forward pass. Not in a data-parallel run, where no process
    /// holds the whole minibatch.
    public func presynapticActivity(of network: Network) throws -> PresynapticActivity {
        guard parallel == nil else {
            throw SynapticRLError.invalidParameter("a rule that reads the presynaptic activity cannot run data-parallel yet")
        }
        if pixelActivity?.batchNumber != batchNumber {
            pixelActivity = (batchNumber, PresynapticActivity.inputActivity(of: batch))
        }
        if network.layerCount > 1 && activityPass == nil {
            activityPass = ForwardPass(sizes: networkSizes, batchSize: share.count, threads: threads)
        }
        return try PresynapticActivity.measure(network: network, batch: batch, pass: activityPass, firstLayer: pixelActivity!.active)
    }

    /// Evaluates trial k's `network(k)` afresh for every k (a new base for the incremental path) into `losses`.
    public func evaluate(_ network: (Int) -> Network) {
        firstLayer.beginEvaluation(network)
        finish(network, compares: false)
    }

    /// Evaluates trial k's `network(k)` just after its sweep moved it by `actions(k)`, action codes of `actionSet`,
    /// with `step`: incrementally where the path, the base and the moves allow (additive ones: ternary or
    /// five-level), else afresh. Results in `losses`.
    public func evaluate(_ network: (Int) -> Network, movedBy actions: (Int) -> [UInt8], in actionSet: RuleActionSet = .ternary,
                         step: Float) {
        guard firstLayer.canCount(step: step, actionSet: actionSet) else { return evaluate(network) }
        firstLayer.beginCount(network, movedBy: actions, actionSet: actionSet, step: step)
        finish(network, compares: true)
    }

    /// The fused pass over every sample block, then each trial's loss from its chunk sums.
    private func finish(_ network: (Int) -> Network, compares: Bool) {
        forwardBlocks(network)
        let chunks = ChunkedSum.chunkCount(samples: share.count)
        for trial in 0..<trials {
            losses[trial] = profile.measure("loss reduction") {
                meanLoss(chunkSums: UnsafeBufferPointer(rebasing: trialChunkSums[(trial * chunks)..<((trial + 1) * chunks)]))
            }
        }
        if let densePass {
            densePass.compute(network(0), on: batch)
            agreement!.record(incremental: losses[0], dense: reduction(of: densePass), compares: compares)
        }
    }

    /// For each block of this process's samples, on the thread that claims it (blocks one at a time, scratch per
    /// thread slot): layer 1 (`firstLayer`), every trial's later layers and its loss per chunk into `trialChunkSums`.
    private func forwardBlocks(_ network: (Int) -> Network) {
        let (blockSize, width) = (SampleBlockScratch.blockSize, share.count)
        let blocks = (width + blockSize - 1) / blockSize
        let chunks = ChunkedSum.chunkCount(samples: width)
        let hidden = networkSizes[1]
        let partProfiles = profile == nil ? [] : scratch.map { _ in PhaseProfile() }
        profile.measureParallel(parts: partProfiles) {
            Parallel.forEachItem(count: blocks, threads: threads) { block, slot in
                let times = partProfiles.isEmpty ? nil : partProfiles[slot]
                let layerOne = scratch[slot].firstLayer
                let samples = (block * blockSize)..<min((block + 1) * blockSize, width)
                firstLayer.activations(samples: samples, batch: batch, network: network, into: layerOne, times: times)
                for trial in 0..<trials {
                    let output = scratch[slot].laterLayers(network(trial), input: layerOne + trial * hidden * samples.count,
                                                           width: samples.count, times: times)
                    times.measure("loss reduction") {
                        let firstChunk = trial * chunks + samples.lowerBound / ChunkedSum.chunkSize
                        blockChunkSums(output: output, samples: samples,
                                       into: UnsafeMutableBufferPointer(rebasing: trialChunkSums[firstChunk..<(trial + 1) * chunks]))
                    }
                }
            }
        }
    }

    /// The loss of a block's (classes, samples.count) outputs per `ChunkedSum` chunk of it, into `sums`.
    private func blockChunkSums(output: UnsafePointer<Float>, samples: Range<Int>, into sums: UnsafeMutableBufferPointer<Double>) {
        let outputs = UnsafeBufferPointer(start: output, count: classes * samples.count)
        batchLabels.withUnsafeBufferPointer { allLabels in
            let labels = UnsafeBufferPointer(rebasing: allLabels[samples])
            switch lossFunction {
            case .softmaxCrossEntropy:
                Loss.softmaxCrossEntropyChunkSums(logits: outputs, labels: labels, classes: classes, samples: samples.count, into: sums)
            case .oneHotSquaredError:
                Loss.oneHotSquaredErrorChunkSums(outputs: outputs, labels: labels, classes: classes, samples: samples.count, into: sums)
            }
        }
    }

    /// The mean loss over the whole minibatch from this process's chunk sums: gathered with the other processes'
    /// in a data-parallel run, added in chunk order.
    private func meanLoss(chunkSums local: UnsafeBufferPointer<Double>) -> Double {
        guard let parallel else { return ChunkedSum.orderedSum(local) / Double(batchSize) }
        allChunkSums.withUnsafeMutableBufferPointer { parallel.gather(local, $0) }
        return allChunkSums.withUnsafeBufferPointer(ChunkedSum.orderedSum) / Double(batchSize)
    }

    /// The mean loss of a whole-minibatch pass's output (the dense check beside the fused pass).
    private func reduction(of pass: ForwardPass) -> Double {
        profile.measure("loss reduction") {
            pass.withOutput { logits in
                localChunkSums.withUnsafeMutableBufferPointer {
                    blockChunkSums(output: logits.baseAddress!, samples: 0..<share.count, into: $0)
                }
            }
            return localChunkSums.withUnsafeBufferPointer(meanLoss)
        }
    }
}
