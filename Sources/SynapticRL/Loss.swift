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

    /// Mean softmax cross-entropy, stable form: log Σ exp(z − max z) + max z − z[label], per sample in Double.
    /// logits are (classes, samples) row-major; labels are in 0..<classes.
    public static func softmaxCrossEntropy(
        logits: UnsafeBufferPointer<Float>, labels: UnsafeBufferPointer<Int32>,
        classes: Int, samples: Int, threads: Int = 1
    ) -> Double {
        precondition(logits.count == classes * samples && labels.count == samples, "shape mismatch")
        let total = ChunkedSum.total(samples: samples, threads: threads) { range in
            var sum = 0.0
            for sample in range {
                var largest = -Double.infinity
                for c in 0..<classes { largest = max(largest, Double(logits[c * samples + sample])) }
                var exponentials = 0.0
                for c in 0..<classes { exponentials += exp(Double(logits[c * samples + sample]) - largest) }
                let label = Int(labels[sample])
                sum += log(exponentials) + largest - Double(logits[label * samples + sample])
            }
            return sum
        }
        return total / Double(samples)
    }
}
