import CTernaryKernel
import Foundation

/// The losses of the paper, over features-major (outputs, samples) predictions, reduced by `ChunkedSum`.
public enum Loss {
    /// The paper's "Euclidean" loss as the authors coded it: ‖prediction − target‖₂ / N, the L2 norm of the
    /// whole residual (not squared) divided by N = outputs × samples.
    /// prediction and target are (outputs, samples) row-major.
    public static func euclidean(
        prediction: UnsafeBufferPointer<Float>, target: UnsafeBufferPointer<Float>,
        outputs: Int, samples: Int, threads: Int = 1
    ) -> Double {
        precondition(prediction.count == outputs * samples && target.count == prediction.count, "shape mismatch")
        let squares = ChunkedSum.total(samples: samples, threads: threads) { range in
            var sum = 0.0
            for sample in range {
                for output in 0..<outputs {
                    let index = output * samples + sample
                    let residual = Double(prediction[index]) - Double(target[index])
                    sum += residual * residual
                }
            }
            return sum
        }
        return squares.squareRoot() / Double(outputs * samples)
    }

    /// Mean softmax cross-entropy, stable form: log Σ exp(z − max z) + max z − z[label] per sample.
    /// logits are (classes, samples) row-major; labels are in 0..<classes.
    ///
    /// Vectorised across the samples of each chunk in Float (`FastExp.expOfNonPositive`, `FastExp.log`), each
    /// sample's loss then added in Double in sample order: by the AVX2 C kernel (`CrossEntropyChunk.c`) where the
    /// CPU has it, else by the Swift loop, the same bits either way (`CrossEntropyKernel`);
    /// `softmaxCrossEntropyTwin` is the plain Double version both are tested against (relative 1e-6). A NaN or
    /// infinite logit makes the loss non-finite.
    public static func softmaxCrossEntropy(
        logits: UnsafeBufferPointer<Float>, labels: UnsafeBufferPointer<Int32>,
        classes: Int, samples: Int, threads: Int = 1
    ) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(ChunkedSum.chunkCount(samples: samples), 1)) { sums in
            softmaxCrossEntropyChunkSums(logits: logits, labels: labels, classes: classes, samples: samples, threads: threads,
                                         into: sums)
            return ChunkedSum.orderedSum(UnsafeBufferPointer(rebasing: sums[0..<ChunkedSum.chunkCount(samples: samples)]))
                / Double(samples)
        }
    }

    /// Which loop computes the cross-entropy; all give the same bits.
    @_spi(Benchmarks) public enum CrossEntropyKernel: Sendable, CaseIterable {
        /// The C kernel on AVX2 CPUs (8 samples' maxima and sums in registers across all classes), else portable.
        case best
        /// The Swift loop over blocks of 64 samples (class by class through scratch), which the compiler vectorises.
        case portable
    }

    /// The cross-entropy summed per `ChunkedSum` chunk, into `sums`: the pieces a data-parallel run gathers
    /// from every process and adds in chunk order.
    public static func softmaxCrossEntropyChunkSums(
        logits: UnsafeBufferPointer<Float>, labels: UnsafeBufferPointer<Int32>,
        classes: Int, samples: Int, threads: Int = 1, into sums: UnsafeMutableBufferPointer<Double>
    ) {
        softmaxCrossEntropyChunkSums(logits: logits, labels: labels, classes: classes, samples: samples, threads: threads,
                                     into: sums, kernel: .best)
    }

    /// `softmaxCrossEntropyChunkSums` through the given kernel (the benchmarks and tests compare them).
    @_spi(Benchmarks) public static func softmaxCrossEntropyChunkSums(
        logits: UnsafeBufferPointer<Float>, labels: UnsafeBufferPointer<Int32>,
        classes: Int, samples: Int, threads: Int = 1, into sums: UnsafeMutableBufferPointer<Double>,
        kernel: CrossEntropyKernel
    ) {
        precondition(logits.count == classes * samples && labels.count == samples, "shape mismatch")
        guard samples > 0 else { return }
        let z = logits.baseAddress!
        #if arch(x86_64) || arch(i386)
        if kernel == .best && classes >= 1 && TernaryAccumulate.hasAVX2 {
            ChunkedSum.chunkTotals(samples: samples, threads: threads, into: sums) { range in
                synrl_cross_entropy_chunk_avx2(z, labels.baseAddress!, classes, samples, range.lowerBound, range.count)
            }
            return
        }
        #endif
        ChunkedSum.chunkTotals(samples: samples, threads: threads, into: sums) { range in
            // Scratch of a size known here stays on the stack: no allocation per iteration.
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * crossEntropyBlock) { scratch in
                var sum = 0.0
                for start in stride(from: range.lowerBound, to: range.upperBound, by: crossEntropyBlock) {
                    sum += crossEntropyBlock(logits: z, labels: labels.baseAddress!, classes: classes, samples: samples,
                                             range: start..<min(start + crossEntropyBlock, range.upperBound),
                                             largest: scratch.baseAddress!, sums: scratch.baseAddress! + crossEntropyBlock)
                }
                return sum
            }
        }
    }

    private static let crossEntropyBlock = 64

    /// The squared error against one-hot targets, Σ_c (z_c − [c = label])² per sample, summed per `ChunkedSum`
    /// chunk into `sums` (the mean over samples is the "MSE" a classification task may train on instead).
    /// outputs are (classes, samples) row-major; each sample's error is added in Double in sample order.
    public static func oneHotSquaredErrorChunkSums(
        outputs: UnsafeBufferPointer<Float>, labels: UnsafeBufferPointer<Int32>,
        classes: Int, samples: Int, threads: Int = 1, into sums: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(outputs.count == classes * samples && labels.count == samples, "shape mismatch")
        ChunkedSum.chunkTotals(samples: samples, threads: threads, into: sums) { range in
            var sum = 0.0
            for sample in range {
                let label = Int(labels[sample])
                var error = 0.0
                for c in 0..<classes {
                    let residual = Double(outputs[c * samples + sample]) - (c == label ? 1 : 0)
                    error += residual * residual
                }
                sum += error
            }
            return sum
        }
    }

    /// Σ over `range` (at most `crossEntropyBlock` samples) of the per-sample cross-entropy, added in Double in
    /// sample order; `largest` and `sums` hold range.count Floats. The class loops run over contiguous samples,
    /// so each pass is one vector loop.
    @inline(__always)
    private static func crossEntropyBlock(
        logits z: UnsafePointer<Float>, labels: UnsafePointer<Int32>, classes: Int, samples: Int, range: Range<Int>,
        largest: UnsafeMutablePointer<Float>, sums: UnsafeMutablePointer<Float>
    ) -> Double {
        let (start, count) = (range.lowerBound, range.count)
        for i in 0..<count { largest[i] = z[start + i] }
        for c in 1..<max(classes, 1) {
            let row = z + c * samples + start
            for i in 0..<count { largest[i] = row[i] > largest[i] ? row[i] : largest[i] }
        }
        for i in 0..<count { sums[i] = 0 }
        // A NaN logit skips the max but makes its sample's sum NaN, and FastExp.log keeps NaN: it reaches the loss.
        for c in 0..<classes {
            let row = z + c * samples + start
            for i in 0..<count { sums[i] += FastExp.expOfNonPositive(row[i] - largest[i]) }  // z − max z ≤ 0, or NaN
        }
        // (log + max) − z[label] in two loops, the same roundings in the same order: the log loop vectorises, and
        // only the subtraction of each sample's label logit is a gather.
        for i in 0..<count { sums[i] = FastExp.log(sums[i]) + largest[i] }
        for i in 0..<count { sums[i] = sums[i] - z[Int(labels[start + i]) * samples + start + i] }
        var total = 0.0
        for i in 0..<count { total += Double(sums[i]) }
        return total
    }
}
