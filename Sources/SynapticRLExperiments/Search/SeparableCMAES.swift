import Foundation
import SynapticRL

/// The separable CMA-ES (Ros & Hansen 2008, "A Simple Modification in CMA-ES Achieving Linear Time and Space
/// Complexity") with IPOP restarts (Auger & Hansen 2005): a minimiser whose covariance is kept diagonal, so a
/// generation costs O(λn) in time and the state O(n) in space, which is what a 243-coordinate Q-table needs.
///
/// Ask and tell: `candidates()` gives generation g's λ points, the caller evaluates them, `tell(fitness:)` updates.
/// With z_k ~ N(0, I) and D = diag(√C_ii), candidate k is x_k = m + σ D z_k; ranked by fitness (ascending, ties by
/// index), the μ = ⌊λ/2⌋ best steps y_{i:λ} = D z_{i:λ} with weights w_i give y_w = Σ w_i y_{i:λ} and
///
///     m  ← m + σ y_w
///     p_σ ← (1 − c_σ) p_σ + √(c_σ(2 − c_σ)μ_eff) D⁻¹ y_w
///     p_c ← (1 − c_c) p_c + h_σ √(c_c(2 − c_c)μ_eff) y_w
///     C_ii ← (1 − c_1 − c_μ + c_1 δ(h_σ)) C_ii + c_1 p_c,i² + c_μ Σ w_i y_{i:λ,i}²
///     σ  ← σ exp((c_σ/d_σ)(‖p_σ‖/χ_n − 1))
///
/// with the tutorial's parameters (`StrategyParameters`). A flat generation (best fitness equal to the
/// ⌈0.1 + λ/4⌉-th best) further multiplies σ by exp(0.2 + c_σ/d_σ), as Hansen's reference code does, so a plateau
/// widens the search instead of freezing it. When a stopping criterion (`StopReason`) is met, an IPOP restart
/// begins from the initial mean with σ₀, a doubled λ and fresh paths and covariance, until `maximumRestarts` are
/// used; then `isFinished` is true.
///
/// Every random draw is keyed by (seed, restart, generation, candidate) on the `.policySearch` stream, so
/// `candidates()` is a pure function of the state, and the state (plain `Codable` values) resumed from a JSON
/// checkpoint continues bit for bit.
public struct SeparableCMAES: Sendable, Equatable, Codable {
    /// What the search was started with; fixed for its whole life.
    public let settings: Settings
    /// The mean each restart starts from.
    public let initialMean: [Double]
    /// The distribution's mean m: the current estimate of the minimiser.
    public internal(set) var mean: [Double]
    /// The overall step size σ.
    public internal(set) var sigma: Double
    /// The covariance's diagonal C_ii (the coordinate-wise scale is σ √C_ii).
    public internal(set) var diagonalCovariance: [Double]
    /// The covariance's evolution path p_c.
    var covariancePath: [Double]
    /// The step-size (conjugate) evolution path p_σ.
    var stepSizePath: [Double]
    /// Generations told so far in the current restart (the next one to sample is numbered `generation`).
    public internal(set) var generation: Int = 0
    /// Fitness evaluations told so far, all restarts together.
    public internal(set) var evaluations: Int = 0
    /// Restarts begun so far (0 during the first run).
    public internal(set) var restarts: Int = 0
    /// λ, the number of candidates in the current generation (doubled at each restart).
    public internal(set) var populationSize: Int
    /// The best fitness of each recent generation of this restart (finite ones only), for the stagnation test.
    var recentBestFitness: [Double] = []
    /// The best candidate ever told, over all restarts; nil until a finite fitness is told.
    public internal(set) var best: BestPoint?
    /// Why the latest run (restart) stopped; nil while the first run goes on.
    public internal(set) var lastStop: StopReason?
    /// True when every restart is used and the last run met a stopping criterion: `tell(fitness:)` then throws.
    public internal(set) var isFinished = false

    /// The best point found and its fitness.
    public struct BestPoint: Sendable, Equatable, Codable {
        /// The candidate.
        public let point: [Double]
        /// Its fitness (always finite).
        public let fitness: Double
        /// `evaluations` once the generation that found it was told: the cost of reaching it.
        public let evaluations: Int
    }

    /// Starts a search at `mean` with the settings' σ₀ and an identity covariance.
    public init(settings: Settings, mean: [Double]) throws {
        try settings.validate()
        guard mean.count == settings.dimension else {
            throw SynapticRLError.invalidParameter(
                "the initial mean has \(mean.count) coordinates but the search's dimension is \(settings.dimension)")
        }
        if let bad = mean.firstIndex(where: { !$0.isFinite }) {
            throw SynapticRLError.invalidParameter("the initial mean's coordinate \(bad) is \(mean[bad]), not a finite number")
        }
        self.settings = settings
        initialMean = mean
        self.mean = mean
        sigma = settings.initialSigma
        diagonalCovariance = [Double](repeating: 1, count: settings.dimension)
        covariancePath = [Double](repeating: 0, count: settings.dimension)
        stepSizePath = covariancePath
        populationSize = settings.initialPopulationSize
    }

    /// The candidates of the current generation, x_k = m + σ D z_k for k in 0..<λ: a pure function of the state,
    /// so calling it twice, or after resuming from a checkpoint, gives the same points bit for bit.
    public func candidates() -> [[Double]] {
        let scale = diagonalCovariance.map { $0.squareRoot() }
        return standardSteps().map { z in z.indices.map { i in mean[i] + sigma * scale[i] * z[i] } }
    }

    /// Takes the fitness of each of `candidates()` (same order; lower is better) and moves the search one
    /// generation on: mean, paths, diagonal covariance and σ, the flat-fitness σ increase, then the stopping
    /// criteria and, when one is met, a restart or the end.
    ///
    /// A non-finite fitness (NaN, ±∞: a failed evaluation) counts as +∞, the worst, so it ranks last instead of
    /// poisoning the ranking; ties rank by candidate index, so the update is deterministic.
    public mutating func tell(fitness: [Double]) throws {
        guard !isFinished else {
            throw SynapticRLError.invalidParameter(
                "tell(fitness:) on a finished search (all \(settings.maximumRestarts) restarts used)")
        }
        guard fitness.count == populationSize else {
            throw SynapticRLError.invalidParameter(
                "tell(fitness:) takes one fitness per candidate: \(populationSize), not \(fitness.count)")
        }
        let ranked = fitness.map { $0.isFinite ? $0 : Double.infinity }
        let order = ranked.indices.sorted { (ranked[$0], $0) < (ranked[$1], $1) }
        let steps = standardSteps()
        evaluations += populationSize
        recordBest(ranked[order[0]], step: steps[order[0]])
        update(steps: order.prefix(populationSize / 2).map { steps[$0] })
        if Self.isFlat(rankedFitness: order.map { ranked[$0] }) {
            let p = parameters
            sigma *= exp(0.2 + p.cSigma / p.dSigma)
        }
        if ranked[order[0]].isFinite { recentBestFitness.append(ranked[order[0]]) }
        recentBestFitness = Array(recentBestFitness.suffix(stagnationWindow))
        if let reason = stopReason() { restartOrFinish(because: reason) }
    }

    /// The tutorial's parameters for this dimension and the current λ.
    var parameters: StrategyParameters {
        StrategyParameters(dimension: settings.dimension, populationSize: populationSize)
    }

    /// Keeps the best candidate ever (strictly better only: the earliest of equals stays).
    private mutating func recordBest(_ fitness: Double, step z: [Double]) {
        guard fitness.isFinite, fitness < best?.fitness ?? .infinity else { return }
        let point = z.indices.map { i in mean[i] + sigma * diagonalCovariance[i].squareRoot() * z[i] }
        best = BestPoint(point: point, fitness: fitness, evaluations: evaluations)
    }

    /// One generation's update from the μ best standard steps z_{i:λ}, best first (see the type's formulas).
    private mutating func update(steps selected: [[Double]]) {
        let p = parameters
        let n = settings.dimension
        let scale = diagonalCovariance.map { $0.squareRoot() }
        var weightedStep = [Double](repeating: 0, count: n)  // z_w = D⁻¹ y_w
        for (w, z) in zip(p.weights, selected) {
            for i in 0..<n { weightedStep[i] += w * z[i] }
        }
        for i in 0..<n { mean[i] += sigma * scale[i] * weightedStep[i] }
        let stepSizeGain = (p.cSigma * (2 - p.cSigma) * p.muEff).squareRoot()
        for i in 0..<n { stepSizePath[i] = (1 - p.cSigma) * stepSizePath[i] + stepSizeGain * weightedStep[i] }
        let pathLength = stepSizePath.reduce(0) { $0 + $1 * $1 }.squareRoot()
        generation += 1
        // h_σ stalls p_c while ‖p_σ‖ is large (σ is growing fast), so C does not grow along with it.
        let pathBias = (1 - pow(1 - p.cSigma, Double(2 * generation))).squareRoot()
        let stalls = pathLength / pathBias >= (1.4 + 2 / Double(n + 1)) * p.chiN
        let covarianceGain = (p.cc * (2 - p.cc) * p.muEff).squareRoot()
        for i in 0..<n {
            covariancePath[i] = (1 - p.cc) * covariancePath[i] + (stalls ? 0 : covarianceGain * scale[i] * weightedStep[i])
        }
        // δ(h_σ): what the stalled p_c update would have added to C's variance, put back.
        let stallCorrection = stalls ? p.c1 * p.cc * (2 - p.cc) : 0
        for i in 0..<n {
            var rankMu = 0.0
            for (w, z) in zip(p.weights, selected) { rankMu += w * scale[i] * scale[i] * z[i] * z[i] }
            diagonalCovariance[i] = (1 - p.c1 - p.cMu + stallCorrection) * diagonalCovariance[i]
                + p.c1 * covariancePath[i] * covariancePath[i] + p.cMu * rankMu
        }
        sigma *= exp(p.cSigma / p.dSigma * (pathLength / p.chiN - 1))
    }

    /// Flat fitness: the best equals the ⌈0.1 + λ/4⌉-th best (Hansen's reference code), `ranked` ascending.
    static func isFlat(rankedFitness ranked: [Double]) -> Bool {
        ranked[Int((0.1 + Double(ranked.count) / 4).rounded(.up)) - 1] == ranked[0]
    }
}
