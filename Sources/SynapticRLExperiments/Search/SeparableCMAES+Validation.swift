import SynapticRL

extension SeparableCMAES {
    /// Throws, naming the first problem, unless a decoded state (a checkpoint's) is one a search could be in: every
    /// vector of the settings' dimension and finite, the covariance and σ positive, the counters in range. A
    /// crafted checkpoint is then an error, not a trap in `candidates()`.
    public func validateState() throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw SynapticRLError.invalidData("the CMA-ES state's \(message)") }
        }
        try settings.validate()
        let n = settings.dimension
        for (name, vector) in [("mean", mean), ("initial mean", initialMean), ("covariance", diagonalCovariance),
                               ("covariance path", covariancePath), ("step-size path", stepSizePath)] {
            try require(vector.count == n && vector.allSatisfy(\.isFinite), "\(name) needs \(n) finite values")
        }
        try require(diagonalCovariance.allSatisfy { $0 > 0 }, "covariance must be positive")
        try require(sigma.isFinite && sigma > 0, "σ must be positive and finite, got \(sigma)")
        try require((2...Settings.largestPopulation).contains(populationSize), "population \(populationSize) is out of range")
        try require(generation >= 0 && evaluations >= 0 && (0...settings.maximumRestarts).contains(restarts),
                    "generation, evaluations or restarts are out of range")
        try require(recentBestFitness.allSatisfy(\.isFinite), "recent best fitness must be finite")
        if let best { try require(best.point.count == n && best.point.allSatisfy(\.isFinite) && best.fitness.isFinite, "best point does not fit") }
    }
}
