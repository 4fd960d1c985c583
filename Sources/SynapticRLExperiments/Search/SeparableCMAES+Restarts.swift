import Foundation

extension SeparableCMAES {
    /// Why a run (the first or a restart) stopped.
    public enum StopReason: String, Sendable, Equatable, Codable {
        /// σ · max_i(√C_ii, |p_c,i|) fell below 1e-12 σ₀: the steps no longer move the mean.
        case tolX
        /// The best fitness of the last 10 + ⌈30n/λ⌉ generations spans less than 1e-12 (TolFun): no progress.
        case stagnation
        /// max C_ii / min C_ii exceeds 1e14: the search has collapsed onto some coordinates.
        case conditionNumber
        /// σ, the mean, a path or C is no longer a finite number.
        case nonFinite
    }

    /// The generations of best fitness the stagnation test looks back over: 10 + ⌈30n/λ⌉.
    var stagnationWindow: Int {
        10 + (30 * settings.dimension + populationSize - 1) / populationSize
    }

    /// The first stopping criterion the current state meets, if any.
    func stopReason() -> StopReason? {
        let arrays = [mean, diagonalCovariance, covariancePath, stepSizePath]
        guard sigma.isFinite, arrays.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { return .nonFinite }
        let largestScale = max(diagonalCovariance.max()!.squareRoot(), covariancePath.map(abs).max()!)
        if sigma * largestScale < 1e-12 * settings.initialSigma { return .tolX }
        if recentBestFitness.count >= stagnationWindow, recentBestFitness.max()! - recentBestFitness.min()! < 1e-12 {
            return .stagnation
        }
        // A C_ii that underflowed to 0 makes the ratio infinite, which counts here.
        if diagonalCovariance.max()! / diagonalCovariance.min()! > 1e14 { return .conditionNumber }
        return nil
    }

    /// An IPOP restart, or the end when every restart is used.
    ///
    /// A restart starts from the initial mean, not from a point drawn in a box around it: the settings give no
    /// box (the Q-table search has no bounds), the caller's mean is its best prior guess, and IPOP's global reach
    /// comes from the doubled population with the full σ₀, while the new (seed, restart) key draws fresh steps.
    mutating func restartOrFinish(because reason: StopReason) {
        lastStop = reason
        guard restarts < settings.maximumRestarts else {
            isFinished = true
            return
        }
        restarts += 1
        populationSize *= 2
        generation = 0
        mean = initialMean
        sigma = settings.initialSigma
        diagonalCovariance = [Double](repeating: 1, count: settings.dimension)
        covariancePath = [Double](repeating: 0, count: settings.dimension)
        stepSizePath = covariancePath
        recentBestFitness = []
    }
}
