@_spi(Benchmarks) import SynapticRL

/// The mean softmax cross-entropies of a population of networks of one shape on one minibatch, evaluated as
/// stacked trials: the members' first layers are one (members · h1, inputs + 1) matrix times the minibatch, one
/// sgemm for all of them (the big one: h1 rows per member against every pixel), then each member's later layers
/// (small) and loss member by member. Members are shared out over threads whole, each member's arithmetic on one
/// thread, so the losses do not depend on the thread count (BLAS's column blocks do not either).
///
/// The weights are held layer-major: layer l's block is the members' (outputs_l, inputs_l + 1) matrices one after
/// the other, so layer 0's block is the stacked matrix. `evaluateTwin` is the plain twin: member by member through
/// `ForwardPass`'s plain loops.
final class PopulationForward {
    let sizes: [Int]
    let activations: [Activation]
    let members: Int
    let batchSize: Int
    let threads: Int
    /// Where layer l's block of `members` matrices starts in `weights`, and one matrix's length.
    private let blockStarts: [Int]
    private let matrixLengths: [Int]
    /// Layer-major population weights (see above).
    private var weights: [Float]
    /// (members · h1, batchSize) features-major: the stacked first layer's activations. This and the buffers below
    /// are buffers, not arrays, because members write their parts of them from several threads at once.
    private let first: UnsafeMutableBufferPointer<Float>
    /// Per thread slot, two (widest later layer, batchSize) buffers a member's later layers alternate between.
    private let scratch: UnsafeMutableBufferPointer<Float>
    private let scratchPerSlot: Int
    private let losses: UnsafeMutableBufferPointer<Double>

    init(shape network: Network, members: Int, batchSize: Int, threads: Int) {
        precondition(members >= 1 && batchSize >= 1, "a population needs members and samples")
        (sizes, activations) = (network.sizes, network.activations)
        (self.members, self.batchSize, self.threads) = (members, batchSize, threads)
        matrixLengths = (0..<network.layerCount).map { network.outputs(ofLayer: $0) * network.rowLength(ofLayer: $0) }
        var starts: [Int] = []
        var total = 0
        for length in matrixLengths {
            starts.append(total)
            total += length * members
        }
        blockStarts = starts
        weights = [Float](repeating: 0, count: total)
        first = .allocate(capacity: members * sizes[1] * batchSize)
        first.initialize(repeating: 0)
        let widestLater = sizes.count > 2 ? sizes[2...].max()! : 0
        scratchPerSlot = 2 * widestLater * batchSize
        scratch = .allocate(capacity: max(scratchPerSlot * Parallel.slots(threads: threads), 1))
        scratch.initialize(repeating: 0)
        losses = .allocate(capacity: members)
        losses.initialize(repeating: 0)
    }

    deinit {
        first.deallocate()
        scratch.deallocate()
        losses.deallocate()
    }

    var layerCount: Int { sizes.count - 1 }

    /// Makes `member` the network with these weights (canonical order, `Network.weights`).
    func setMember(_ member: Int, weights memberWeights: [Float]) {
        precondition(member >= 0 && member < members && memberWeights.count == matrixLengths.reduce(0, +), "member shape mismatch")
        var source = 0
        for layer in 0..<layerCount {
            let (start, length) = (blockStarts[layer] + member * matrixLengths[layer], matrixLengths[layer])
            weights.replaceSubrange(start..<(start + length), with: memberWeights[source..<(source + length)])
            source += length
        }
    }

    /// `member`'s weights in canonical order.
    func memberWeights(_ member: Int) -> [Float] {
        (0..<layerCount).flatMap { layer in
            let start = blockStarts[layer] + member * matrixLengths[layer]
            return weights[start..<(start + matrixLengths[layer])]
        }
    }

    /// Every member's mean cross-entropy on `input` (features-major, `batchSize` samples) with `labels`, in
    /// member order.
    func evaluate(on input: Batch, labels: [Int32]) -> [Double] {
        precondition(input.features == sizes[0] && input.count == batchSize && labels.count == batchSize, "minibatch shape mismatch")
        weights.withUnsafeBufferPointer { w in
            input.values.withUnsafeBufferPointer { x in
                labels.withUnsafeBufferPointer { labels in
                    stackedFirstLayer(weights: w.baseAddress!, input: x.baseAddress!)
                    Parallel.forEachItem(count: members, threads: threads) { member, slot in
                        losses[member] = laterLayersAndLoss(member: member, slot: slot, weights: w.baseAddress!, labels: labels)
                    }
                }
            }
        }
        return Array(losses)
    }

    /// first (members · h1, N) = W0[:, 1...] (members · h1, in) · x (in, N) + W0[:, 0]: the population's one sgemm,
    /// its column blocks shared out over the threads. Bias first, then beta 1, as `ForwardPass` does.
    private func stackedFirstLayer(weights: UnsafePointer<Float>, input: UnsafePointer<Float>) {
        let (rows, row, n) = (members * sizes[1], sizes[0] + 1, batchSize)
        let c = first.baseAddress!
        for r in 0..<rows { (c + r * n).update(repeating: weights[r * row], count: n) }
        BLAS.multiply(m: rows, n: n, k: sizes[0], a: weights + 1, lda: row, b: input, ldb: n, beta: 1, c: c, ldc: n, threads: threads)
    }

    /// One member after the stacked GEMM: its first-layer activation, its later layers (each (out, in) · (in, N)
    /// on this thread) and its loss. weights is the layer-major population.
    private func laterLayersAndLoss(member: Int, slot: Int, weights: UnsafePointer<Float>,
                                    labels: UnsafeBufferPointer<Int32>) -> Double {
        let n = batchSize
        var source = first.baseAddress! + member * sizes[1] * n
        activations[0].apply(to: source, count: sizes[1] * n)
        let buffers = scratch.baseAddress! + slot * scratchPerSlot
        for layer in 1..<layerCount {
            let (inputs, outputs) = (sizes[layer], sizes[layer + 1])
            let w = weights + blockStarts[layer] + member * matrixLengths[layer]
            let destination = buffers + (layer % 2) * (scratchPerSlot / 2)
            for o in 0..<outputs { (destination + o * n).update(repeating: w[o * (inputs + 1)], count: n) }
            BLAS.multiply(m: outputs, n: n, k: inputs, a: w + 1, lda: inputs + 1, b: source, ldb: n, beta: 1,
                          c: destination, ldc: n, threads: 1)
            activations[layer].apply(to: destination, count: outputs * n)
            source = destination
        }
        let classes = sizes[layerCount]
        return Loss.softmaxCrossEntropy(logits: UnsafeBufferPointer(start: source, count: classes * n), labels: labels,
                                        classes: classes, samples: n, threads: 1)
    }

    /// The plain twin of `evaluate`: each member on its own through `ForwardPass`'s plain loops.
    func evaluateTwin(on input: Batch, labels: [Int32]) throws -> [Double] {
        let pass = ForwardPass(sizes: sizes, batchSize: batchSize)
        var network = try Network(sizes: sizes, activations: activations)
        return try (0..<members).map { member in
            network.weights = memberWeights(member)
            try pass.run(network, on: input, engine: .plainLoops)
            return pass.withOutput { logits in
                labels.withUnsafeBufferPointer {
                    Loss.softmaxCrossEntropy(logits: logits, labels: $0, classes: network.outputCount, samples: batchSize)
                }
            }
        }
    }
}
