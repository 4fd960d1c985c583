/// The first layers of one or more networks (trials) stacked into one layer of `outputs` neurons, on a fixed
/// minibatch: evaluated densely by one GEMM for all of them, or kept current with exact integer arithmetic
/// instead of a GEMM per iteration (the "below the dense floor" path).
///
/// Pixels are 8-bit and every input synapse moves by step · c with c a small integer, in {−1, 0, +1} (ternary
/// moves) or {−2, …, +2} (five-level moves), so since the last dense evaluation (the base) the pre-activation of
/// neuron o on sample n has moved by (step / 255) · counts[o, n], where counts accumulates Σ_i c[o, i] · pixel[n, i]
/// exactly in Int32. Biases are read from the weights as they are. A new base (one dense GEMM) is taken when the
/// minibatch or the step changes, and before counts could overflow Int32: an iteration whose |c| ≤ L adds at most
/// 255 · L · inputs to a count, so the base lasts `iterationsPerBase` / L such iterations.
package final class StackedFirstLayer {
    let outputs: Int
    let inputs: Int
    /// inputs rounded up to the kernel's 32-byte rows.
    let width: Int
    let batchSize: Int
    /// The most ternary iterations (|c| ≤ 1) counts can take from one base without overflowing Int32; an
    /// iteration of five-level moves (|c| ≤ 2) uses two of them.
    let iterationsPerBase: Int

    /// (batchSize, width) sample-major, zero padded.
    private var pixels: [UInt8]
    /// (outputs, width): this iteration's move of every input synapse in steps, zero padded.
    private var changes: [Int8]
    /// (outputs, batchSize) features-major: moves since the base, in units of step / 255. Base and counts are
    /// buffers, not arrays, because blocks of them are written from several threads at once (an array's
    /// withUnsafeMutableBufferPointer moves the array out of its property for the call).
    private let counts: UnsafeMutableBufferPointer<Int32>
    /// (outputs, batchSize) features-major: W[:, 1...] · x at the base, without the bias.
    private let base: UnsafeMutableBufferPointer<Float>
    /// The step the counts are in; nil until the first move after a base.
    private var countedStep: Float?
    /// Σ of the largest |c| of each iteration counted since the base: iterations for ternary moves, twice that for
    /// five-level ones (the share of `iterationsPerBase` used).
    private var iterationsSinceBase = 0
    /// Whether `base` belongs to the loaded pixels.
    private var hasBase = false
    /// Whether the blocks of the current count start from zero counts (the first move after a base).
    private var clearsCounts = false

    /// The state a checkpoint keeps, so that a resumed run counts on the very same base.
    package struct Snapshot {
        package var base: [Float]
        package var counts: [Int32]
        package var countedStep: Float?
        package var iterationsSinceBase: Int
        package var hasBase: Bool

        package init(base: [Float], counts: [Int32], countedStep: Float?, iterationsSinceBase: Int, hasBase: Bool) {
            (self.base, self.counts, self.countedStep) = (base, counts, countedStep)
            (self.iterationsSinceBase, self.hasBase) = (iterationsSinceBase, hasBase)
        }
    }

    package var snapshot: Snapshot {
        Snapshot(base: Array(base), counts: Array(counts), countedStep: countedStep, iterationsSinceBase: iterationsSinceBase, hasBase: hasBase)
    }

    /// Takes back a snapshot of a layer of this shape (after `load` of the same minibatch).
    package func restore(_ snapshot: Snapshot) {
        precondition(snapshot.base.count == base.count && snapshot.counts.count == counts.count, "snapshot shape mismatch")
        _ = base.update(fromContentsOf: snapshot.base)
        _ = counts.update(fromContentsOf: snapshot.counts)
        countedStep = snapshot.countedStep
        (iterationsSinceBase, hasBase) = (snapshot.iterationsSinceBase, snapshot.hasBase)
    }

    init(outputs: Int, inputs: Int, batchSize: Int) {
        self.outputs = outputs
        self.inputs = inputs
        self.batchSize = batchSize
        width = (inputs + TernaryAccumulate.widthMultiple - 1) / TernaryAccumulate.widthMultiple * TernaryAccumulate.widthMultiple
        iterationsPerBase = Int(Int32.max) / (TernaryAccumulate.largestStepPerInput * inputs)
        pixels = [UInt8](repeating: 0, count: batchSize * width)
        changes = [Int8](repeating: 0, count: outputs * width)
        counts = .allocate(capacity: outputs * batchSize)
        counts.initialize(repeating: 0)
        base = .allocate(capacity: outputs * batchSize)
        base.initialize(repeating: 0)
    }

    deinit {
        counts.deallocate()
        base.deallocate()
    }

    /// Copies the images at `indices` (8-bit, sample-major like the data set) as the new minibatch; the next
    /// evaluation takes a new base.
    func load(_ images: LabeledImages, indices: ArraySlice<Int>) {
        precondition(images.pixelsPerImage == inputs && indices.count == batchSize, "minibatch shape mismatch")
        images.pixels.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { destination in
                for (row, index) in indices.enumerated() {
                    let target = destination.baseAddress! + row * width
                    target.update(from: source.baseAddress! + index * inputs, count: inputs)
                }
            }
        }
        hasBase = false
    }

    /// Whether a move by `step` whose changes are at most `largestChange` in magnitude (1: ternary, 2: five-level)
    /// can be counted on the current base.
    func canCount(step: Float, largestChange: Int = 1) -> Bool {
        precondition((1...TernaryAccumulate.largestChange).contains(largestChange), "changes up to ±\(largestChange) are not counted")
        return hasBase && iterationsSinceBase + largestChange <= iterationsPerBase && (countedStep == nil || countedStep == step)
    }

    /// The GEMM of a rebase (or of a dense evaluation): (outputs, samples) from (outputs, inputs) · (inputs,
    /// samples), the bias aside, for a block of `samples`.
    func gemmShape(samples: Int) -> PhaseProfile.GEMMShape { .init(m: outputs, n: samples, k: inputs) }

    // An evaluation runs in sample blocks (`ClassificationTask`'s fused pass): `beginRebase` or `beginCount`
    // once, then for each block `rebase` / `count` / `denseProducts` and the trials' `activations`. Blocks start at
    // multiples of `BLAS.columnBlock` and are at most that wide, so each GEMM is the very sgemm call that one column
    // block of a whole-minibatch GEMM was: the results do not depend on the blocking.

    /// The next blocks take the current first-layer weights as the new base (`rebase`), on which later moves are
    /// counted.
    func beginRebase() {
        countedStep = nil  // the counts are cleared block by block at the first move after the base
        iterationsSinceBase = 0
        hasBase = true
    }

    /// base[:, samples] = W[:, 1...] · x[:, samples], the stacked (outputs, inputs + 1) `weights` on `batch` (the
    /// same minibatch in Float): one sgemm.
    func rebase(weights: UnsafePointer<Float>, batch: Batch, samples: Range<Int>) {
        Self.products(weights: weights, outputs: outputs, inputs: inputs, batch: batch, samples: samples,
                      into: base.baseAddress! + samples.lowerBound, stride: batchSize)
    }

    /// destination (outputs, samples.count) = W[:, 1...] · x[:, samples]: the dense path's block, which keeps no
    /// base (its next evaluation starts afresh).
    func denseProducts(weights: UnsafePointer<Float>, batch: Batch, samples: Range<Int>, into destination: UnsafeMutablePointer<Float>) {
        Self.products(weights: weights, outputs: outputs, inputs: inputs, batch: batch, samples: samples,
                      into: destination, stride: samples.count)
    }

    /// The next blocks count this iteration's moves: `actions` holds the stacked (outputs, inputs + 1) action
    /// codes, bias first, each code − `none` the move in steps (none = 1: ternary codes 0 = −, 1 = none, 2 = +;
    /// none = 2: five-level codes 0…4 for −2…+2), all made with `step`. Codes above 2 · none are not actions.
    /// Call only where `canCount(step:largestChange: none)`.
    func beginCount(actions: UnsafePointer<UInt8>, none: Int = 1, step: Float) {
        precondition(canCount(step: step, largestChange: none), "the moves cannot be counted on this base")
        clearsCounts = countedStep == nil
        countedStep = step
        iterationsSinceBase += none
        let center = Int8(none)
        changes.withUnsafeMutableBufferPointer { changes in
            for output in 0..<outputs {
                let row = actions + output * (inputs + 1) + 1
                let destination = changes.baseAddress! + output * width
                for i in 0..<inputs { destination[i] = Int8(bitPattern: row[i]) &- center }
            }
        }
    }

    /// counts[:, samples] += the moves of `beginCount` times those samples' pixels (cleared first at the first
    /// move after a base).
    func count(samples: Range<Int>) {
        changes.withUnsafeBufferPointer { changes in
            pixels.withUnsafeBufferPointer { pixels in
                let first = counts.baseAddress! + samples.lowerBound
                if clearsCounts {
                    for output in 0..<outputs { (first + output * batchSize).update(repeating: 0, count: samples.count) }
                }
                TernaryAccumulate.run(changes: changes.baseAddress!, outputs: outputs,
                                      pixels: pixels.baseAddress! + samples.lowerBound * width, samples: samples.count,
                                      width: width, counts: first, countStride: batchSize)
            }
        }
    }

    /// destination (rows.count, samples.count) = activation(base + (step / 255) · counts + bias) for neurons
    /// `rows` on block `samples`, the bias read from `weights`, those neurons' (rows.count, inputs + 1) matrix.
    func activations(rows: Range<Int>, samples: Range<Int>, weights: UnsafePointer<Float>, activation: Activation,
                     into destination: UnsafeMutablePointer<Float>) {
        precondition(rows.clamped(to: 0..<outputs) == rows, "rows \(rows) outside 0..<\(outputs)")
        let scale = (countedStep ?? 0) / 255
        let width = samples.count
        for (row, output) in rows.enumerated() {
            let (source, target) = (output * batchSize + samples.lowerBound, destination + row * width)
            Self.preActivations(base: base.baseAddress! + source, counts: countedStep == nil ? nil : counts.baseAddress! + source,
                                scale: scale, bias: weights[row * (inputs + 1)], into: target, count: width)
            activation.apply(to: target, count: width)  // row by row, while the row is in L1
        }
    }

    /// values (rows, count) += each row's bias (column 0 of `weights`, the rows' (rows, inputs + 1) matrix), then
    /// the activation: a dense block's products made pre-activations and activations, in place.
    func activateProducts(_ values: UnsafeMutablePointer<Float>, rows: Int, count: Int, weights: UnsafePointer<Float>,
                          activation: Activation) {
        for row in 0..<rows {
            let bias = weights[row * (inputs + 1)]
            let target = values + row * count
            for n in 0..<count { target[n] = target[n] + bias }
            activation.apply(to: target, count: count)
        }
    }

    /// destination (outputs, samples.count) with row stride `stride` = W[:, 1...] · x[:, samples]: one sgemm.
    private static func products(weights: UnsafePointer<Float>, outputs: Int, inputs: Int, batch: Batch, samples: Range<Int>,
                                 into destination: UnsafeMutablePointer<Float>, stride: Int) {
        precondition(batch.features == inputs && samples.upperBound <= batch.count, "batch shape mismatch")
        precondition(samples.lowerBound % BLAS.columnBlock == 0 && samples.count <= BLAS.columnBlock,
                     "a block of \(samples) is not one GEMM column block")
        batch.values.withUnsafeBufferPointer { x in
            BLAS.multiply(m: outputs, n: samples.count, k: inputs, a: weights + 1, lda: inputs + 1,
                          b: x.baseAddress! + samples.lowerBound, ldb: batch.count, beta: 0, c: destination, ldc: stride)
        }
    }

    /// target = base + scale · counts + bias (base + bias without counts): one vector loop.
    @inline(__always)
    private static func preActivations(base: UnsafePointer<Float>, counts: UnsafePointer<Int32>?, scale: Float, bias: Float,
                                       into target: UnsafeMutablePointer<Float>, count: Int) {
        if let counts {
            for n in 0..<count { target[n] = base[n] + scale * Float(counts[n]) + bias }
        } else {
            for n in 0..<count { target[n] = base[n] + bias }
        }
    }
}
