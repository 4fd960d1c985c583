import Foundation

extension SeparableCMAES {
    /// The default parameters of Hansen's tutorial ("The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772,
    /// table 1) for positive weights only, with the covariance learning rates of the separable variant:
    ///
    ///     μ = ⌊λ/2⌋,  w_i ∝ ln(μ + 1/2) − ln i (Σ w_i = 1),  μ_eff = 1 / Σ w_i²
    ///     c_σ = (μ_eff + 2) / (n + μ_eff + 5),  d_σ = 1 + 2 max(0, √((μ_eff − 1)/(n + 1)) − 1) + c_σ
    ///     c_c = (4 + μ_eff/n) / (n + 4 + 2μ_eff/n)
    ///     c_1 = 2 / ((n + 1.3)² + μ_eff),  c_μ = min(1 − c_1, 2(μ_eff − 2 + 1/μ_eff) / ((n + 2)² + μ_eff))
    ///     χ_n = E‖N(0, I)‖ ≈ √n (1 − 1/(4n) + 1/(21n²))
    ///
    /// Ros & Hansen (2008) scale c_1 and c_μ by (n + 2)/3: a diagonal has n entries to learn, not n²/2, so it can
    /// learn faster; c_μ is then capped at 1 − c_1 (as pycma does) so that C's old part keeps a non-negative weight.
    struct StrategyParameters: Equatable {
        let weights: [Double]
        let muEff: Double
        let cSigma: Double
        let dSigma: Double
        let cc: Double
        let c1: Double
        let cMu: Double
        let chiN: Double

        init(dimension: Int, populationSize lambda: Int) {
            let n = Double(dimension)
            let mu = lambda / 2
            let raw = (1...mu).map { log(Double(mu) + 0.5) - log(Double($0)) }
            let total = raw.reduce(0, +)
            weights = raw.map { $0 / total }
            muEff = 1 / weights.reduce(0) { $0 + $1 * $1 }
            cSigma = (muEff + 2) / (n + muEff + 5)
            dSigma = 1 + 2 * max(0, ((muEff - 1) / (n + 1)).squareRoot() - 1) + cSigma
            cc = (4 + muEff / n) / (n + 4 + 2 * muEff / n)
            let separable = (n + 2) / 3
            let fullC1 = 2 / ((n + 1.3) * (n + 1.3) + muEff)
            let fullCMu = min(1 - fullC1, 2 * (muEff - 2 + 1 / muEff) / ((n + 2) * (n + 2) + muEff))
            c1 = min(1, fullC1 * separable)
            cMu = min(1 - c1, fullCMu * separable)
            chiN = n.squareRoot() * (1 - 1 / (4 * n) + 1 / (21 * n * n))
        }
    }
}
