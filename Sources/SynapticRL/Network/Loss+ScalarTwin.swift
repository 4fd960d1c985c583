import Foundation

extension Loss {
    /// The plain twin of `softmaxCrossEntropy`: every sample in Double with libm's exp and log, one sample at a time.
    public static func softmaxCrossEntropyTwin(
        logits: UnsafeBufferPointer<Float>, labels: UnsafeBufferPointer<Int32>, classes: Int, samples: Int
    ) -> Double {
        precondition(logits.count == classes * samples && labels.count == samples, "shape mismatch")
        var sum = 0.0
        for sample in 0..<samples {
            var largest = -Double.infinity
            for c in 0..<classes { largest = max(largest, Double(logits[c * samples + sample])) }
            var exponentials = 0.0
            for c in 0..<classes { exponentials += exp(Double(logits[c * samples + sample]) - largest) }
            let label = Int(labels[sample])
            sum += log(exponentials) + largest - Double(logits[label * samples + sample])
        }
        return sum / Double(samples)
    }

    /// The plain twin of `oneHotSquaredErrorChunkSums`, as a mean over samples: one sample, one class at a time.
    public static func oneHotSquaredErrorTwin(
        outputs: UnsafeBufferPointer<Float>, labels: UnsafeBufferPointer<Int32>, classes: Int, samples: Int
    ) -> Double {
        precondition(outputs.count == classes * samples && labels.count == samples, "shape mismatch")
        var sum = 0.0
        for sample in 0..<samples {
            for c in 0..<classes {
                let target = c == Int(labels[sample]) ? 1.0 : 0.0
                sum += (Double(outputs[c * samples + sample]) - target) * (Double(outputs[c * samples + sample]) - target)
            }
        }
        return sum / Double(samples)
    }
}
