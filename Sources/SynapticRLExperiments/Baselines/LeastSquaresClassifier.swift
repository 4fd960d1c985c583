import SynapticRL

/// The closed-form linear baseline: ridge least squares on one-hot targets,
///     W = argmin ‖[1 X] Wᵀ − Y‖² + λ‖W‖²  ⇒  ([1 X]ᵀ[1 X] + λI) Wᵀ = [1 X]ᵀ Y,
/// solved by Cholesky through LAPACK in Double; the best a linear model does without iterating.
public enum LeastSquaresClassifier {
    public static func fit(_ training: LabeledImages, ridge: Double) throws -> Network {
        guard ridge.isFinite && ridge > 0 else { throw SynapticRLError.invalidParameter("ridge must be positive, got \(ridge)") }
        let (n, features, classes) = (training.count, training.pixelsPerImage, training.classCount)
        let size = features + 1
        // Gram matrix of the augmented inputs [1, x] (x as the network sees it), accumulated in Double, sample by sample.
        var gram = [Double](repeating: 0, count: size * size)
        var rightSide = [Double](repeating: 0, count: size * classes)
        var x = [Double](repeating: 0, count: size)
        for sample in 0..<n {
            x[0] = 1
            training.inputValues(ofSample: sample, into: &x, from: 1)
            let label = Int(training.labels[sample])
            for i in 0..<size where x[i] != 0 {
                let xi = x[i]
                rightSide[i * classes + label] += xi
                for j in i..<size where x[j] != 0 { gram[i * size + j] += xi * x[j] }
            }
        }
        for i in 0..<size {
            for j in 0..<i { gram[i * size + j] = gram[j * size + i] }
            gram[i * size + i] += ridge
        }
        let solution = try LAPACK.solveSymmetricPositiveDefinite(gram, n: size, rightSide, columns: classes)  // (size, classes)
        var network = try Network.classifier(sizes: [features, classes])
        for c in 0..<classes {
            for i in 0..<size { network.weights[c * size + i] = Float(solution[i * classes + c]) }
        }
        return network
    }
}
