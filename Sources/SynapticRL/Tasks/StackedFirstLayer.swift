/// The first layers of one or more networks (trials) stacked into one layer of `outputs` neurons, on a fixed
/// minibatch: evaluated densely by one GEMM for all of them, or kept current with exact integer arithmetic
/// instead of a GEMM per iteration (the "below the dense floor" path).
///
/// Pixels are 8-bit and every input synapse moves by step · c with c in {−1, 0, +1}, so since the last dense
/// evaluation (the base) the pre-activation of neuron o on sample n has moved by (step / 255) · counts[o, n],
/// where counts accumulates Σ_i c[o, i] · pixel[n, i] exactly in Int32. Biases are read from the weights as they
/// are. A new base (one dense GEMM) is taken when the minibatch or the step changes, and before counts could
/// overflow Int32.
package final class StackedFirstLayer {
    let outputs: Int
    let inputs: Int
    /// inputs rounded up to the kernel's 32-byte rows.
    let width: Int
    let batchSize: Int
    let threads: Int
    /// The most iterations counts can take from one base without overflowing Int32.
    let iterationsPerBase: Int

    /// (batchSize, width) sample-major, zero padded.
    private var pixels: [UInt8]
    /// (outputs, width): this iteration's move of every input synapse in steps, zero padded.
    private var changes: [Int8]
    /// (outputs, batchSize) features-major: moves since the base, in units of step / 255.
    private var counts: [Int32]
    /// (outputs, batchSize) features-major: W[:, 1...] · x at the base, without the bias.
    private var base: [Float]
    /// The step the counts are in; nil until the first move after a base.
    private var countedStep: Float?
    private var iterationsSinceBase = 0
    /// Whether `base` belongs to the loaded pixels.
    private var hasBase = false

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
        Snapshot(base: base, counts: counts, countedStep: countedStep, iterationsSinceBase: iterationsSinceBase, hasBase: hasBase)
    }

    /// Takes back a snapshot of a layer of this shape (after `load` of the same minibatch).
    package func restore(_ snapshot: Snapshot) {
        precondition(snapshot.base.count == base.count && snapshot.counts.count == counts.count, "snapshot shape mismatch")
        (base, counts, countedStep) = (snapshot.base, snapshot.counts, snapshot.countedStep)
        (iterationsSinceBase, hasBase) = (snapshot.iterationsSinceBase, snapshot.hasBase)
    }

    init(outputs: Int, inputs: Int, batchSize: Int, threads: Int) {
        self.outputs = outputs
        self.inputs = inputs
        self.batchSize = batchSize
        self.threads = threads
        width = (inputs + TernaryAccumulate.widthMultiple - 1) / TernaryAccumulate.widthMultiple * TernaryAccumulate.widthMultiple
        iterationsPerBase = Int(Int32.max) / (TernaryAccumulate.largestStepPerInput * inputs)
        pixels = [UInt8](repeating: 0, count: batchSize * width)
        changes = [Int8](repeating: 0, count: outputs * width)
        counts = [Int32](repeating: 0, count: outputs * batchSize)
        base = [Float](repeating: 0, count: outputs * batchSize)
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

    /// Whether a move by `step` can be counted on the current base.
    func canCount(step: Float) -> Bool {
        hasBase && iterationsSinceBase < iterationsPerBase && (countedStep == nil || countedStep == step)
    }

    /// The GEMM of `rebase`: (outputs, batchSize) from (outputs, inputs) · (inputs, batchSize), the bias aside.
    var rebaseShape: PhaseProfile.GEMMShape { .init(m: outputs, n: batchSize, k: inputs) }

    /// Takes the current first-layer weights, the stacked (outputs, inputs + 1) matrix, as the new base: one dense
    /// GEMM on `batch` (the same minibatch in Float). Without moves counted after it, this is the dense path.
    func rebase(weights: UnsafePointer<Float>, batch: Batch) {
        precondition(batch.features == inputs && batch.count == batchSize, "batch shape mismatch")
        base.withUnsafeMutableBufferPointer { base in
            batch.values.withUnsafeBufferPointer { x in
                BLAS.multiply(m: outputs, n: batchSize, k: inputs, a: weights + 1, lda: inputs + 1,
                              b: x.baseAddress!, ldb: batchSize, beta: 0, c: base.baseAddress!, ldc: batchSize,
                              threads: threads)
            }
        }
        countedStep = nil  // counts are cleared at the first move, so the dense path never touches them
        iterationsSinceBase = 0
        hasBase = true
    }

    /// Counts this iteration's moves: `actions` holds the stacked (outputs, inputs + 1) action codes
    /// (0 = −, 1 = none, 2 = +, bias first), all made with `step`. Call only where `canCount(step:)`.
    func count(actions: UnsafePointer<UInt8>, step: Float) {
        precondition(canCount(step: step), "the moves cannot be counted on this base")
        if countedStep == nil { counts.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        countedStep = step
        iterationsSinceBase += 1
        changes.withUnsafeMutableBufferPointer { changes in
            for output in 0..<outputs {
                let row = actions + output * (inputs + 1) + 1
                let destination = changes.baseAddress! + output * width
                for i in 0..<inputs { destination[i] = Int8(bitPattern: row[i]) &- 1 }
            }
        }
        changes.withUnsafeBufferPointer { changes in
            pixels.withUnsafeBufferPointer { pixels in
                counts.withUnsafeMutableBufferPointer { counts in
                    TernaryAccumulate.run(changes: changes.baseAddress!, outputs: outputs, pixels: pixels.baseAddress!,
                                          samples: batchSize, width: width, counts: counts.baseAddress!, threads: threads)
                }
            }
        }
    }

    /// destination (rows.count, batchSize) = activation(base + (step / 255) · counts + bias) for neurons `rows`,
    /// the bias read from `weights`, those neurons' (rows.count, inputs + 1) matrix.
    func activations(rows: Range<Int>, weights: UnsafePointer<Float>, activation: Activation,
                     into destination: UnsafeMutablePointer<Float>) {
        precondition(rows.clamped(to: 0..<outputs) == rows, "rows \(rows) outside 0..<\(outputs)")
        let scale = (countedStep ?? 0) / 255
        base.withUnsafeBufferPointer { base in
            counts.withUnsafeBufferPointer { counts in
                for (row, output) in rows.enumerated() {
                    let (source, target) = (output * batchSize, destination + row * batchSize)
                    Self.preActivations(base: base.baseAddress! + source, counts: countedStep == nil ? nil : counts.baseAddress! + source,
                                        scale: scale, bias: weights[row * (inputs + 1)], into: target, count: batchSize)
                }
            }
        }
        activation.apply(to: destination, count: rows.count * batchSize)
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
