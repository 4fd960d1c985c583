import Foundation
import SynapticRL

/// `synrl compare`: methods × K seeds on one data set, network, split and minibatch schedule, each run long
/// enough to spend the largest budget of forward-equivalents (`SampleCost`) and scored exactly where it spends
/// each budget, plus log-spaced points for the curves. Seed k is the same for every method: the same split,
/// initial weights and minibatches. `MethodComparison+Table.swift` turns the runs' metrics into the table.
public struct MethodComparison {
    /// What a comparison runs; written to comparison.json, and a resumed comparison must match it.
    public struct Settings: Sendable, Codable {
        public var methods: [ClassificationExperiment.Method]
        public var seeds: Int
        /// Forward-equivalents, ascending, the scale applied.
        public var budgets: [Int]
        public var scale: Double
        /// Every run's settings but the method, seed, iterations and evaluation points.
        public var base: ClassificationExperiment.Configuration

        public init(methods: [ClassificationExperiment.Method], seeds: Int, budgets: [Double], scale: Double,
                    base: ClassificationExperiment.Configuration) throws {
            guard !methods.isEmpty, Set(methods).count == methods.count else {
                throw SynapticRLError.invalidParameter("compare needs one or more distinct methods")
            }
            if methods.contains(.lstsq) {
                throw SynapticRLError.invalidParameter("lstsq is a closed-form fit with no budget to spend: compare iterative methods")
            }
            guard (1...100).contains(seeds) else { throw SynapticRLError.invalidParameter("compare takes 1...100 seeds, got \(seeds)") }
            guard scale.isFinite && scale > 0 && scale <= 1e3 else {
                throw SynapticRLError.invalidParameter("the budget scale must be in (0, 1000], got \(scale)")
            }
            guard !budgets.isEmpty, budgets.count <= 20 else { throw SynapticRLError.invalidParameter("compare takes 1...20 budgets") }
            let scaled = budgets.map { $0 * scale }
            guard scaled.allSatisfy({ $0.isFinite && $0 >= 1 && $0 <= 1e15 }) else {
                throw SynapticRLError.invalidParameter("each budget × scale must be 1...1e15 forward-equivalents, got \(scaled)")
            }
            let rounded = scaled.map { Int($0.rounded()) }
            guard zip(rounded, rounded.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw SynapticRLError.invalidParameter("budgets must rise strictly, got \(budgets)")
            }
            guard base.seed <= UInt64.max - UInt64(seeds - 1) else {
                throw SynapticRLError.invalidParameter("seed \(base.seed) with \(seeds) seeds passes 2^64 − 1")
            }
            (self.methods, self.seeds, self.budgets, self.scale, self.base) = (methods, seeds, rounded, scale, base)
        }
    }

    /// One run of the comparison: a method on a seed, its folder's name within runs/.
    public struct Run: Sendable {
        public let method: ClassificationExperiment.Method
        public let seed: UInt64
        public let configuration: ClassificationExperiment.Configuration
        /// The iteration at which the run has spent each budget (the first whose cost reaches it).
        public let budgetIterations: [Int]
        public var folderName: String { "\(method.rawValue)-seed\(seed)" }
    }

    /// Log-spaced scoring points per run for the curves, beside the budgets'.
    static let curvePoints = 24

    /// The runs, method by method, seed by seed; `trainingCount` is the training split's size.
    public static func plan(_ settings: Settings, trainingCount: Int) throws -> [Run] {
        var runs: [Run] = []
        for method in settings.methods {
            for k in 0..<settings.seeds {
                var configuration = settings.base
                configuration.method = method
                configuration.seed = settings.base.seed + UInt64(k)
                configuration.trials = 1
                let budgetIterations = try settings.budgets.map { try iterations(toSpend: $0, configuration, trainingCount: trainingCount) }
                let last = budgetIterations.last!
                configuration.iterations = last
                configuration.evaluateEvery = last
                let first = configuration.trainingCost(afterIterations: 1, trainingCount: trainingCount).forwardEquivalents
                let curve = (0..<curvePoints).map { point in
                    Double(first) * pow(Double(settings.budgets.last!) / Double(first), Double(point) / Double(curvePoints - 1))
                }
                let curveIterations = try curve.map { try iterations(toSpend: Int($0), configuration, trainingCount: trainingCount) }
                configuration.evaluateAt = Array(Set(budgetIterations + curveIterations).filter { $0 < last }).sorted()
                try configuration.validate()
                runs.append(Run(method: method, seed: configuration.seed, configuration: configuration, budgetIterations: budgetIterations))
            }
        }
        return runs
    }

    /// The fewest iterations (at least 1) after which the configuration's training cost reaches `budget`
    /// forward-equivalents; a budget beyond `maximumIterations` iterations is refused.
    public static func iterations(toSpend budget: Int, _ configuration: ClassificationExperiment.Configuration,
                                  trainingCount: Int) throws -> Int {
        func spent(_ iterations: Int) -> Int { configuration.trainingCost(afterIterations: iterations, trainingCount: trainingCount).forwardEquivalents }
        let limit = ClassificationExperiment.Configuration.maximumIterations
        guard spent(limit) >= budget else {
            throw SynapticRLError.invalidParameter("\(configuration.method.rawValue) would need more than \(limit) iterations to spend \(budget) forward-equivalents")
        }
        var (low, high) = (1, 1)  // spent(high) ≥ budget once found; spent(low − 1) < budget throughout
        while spent(high) < budget { (low, high) = (high + 1, min(high * 2, limit)) }
        while low < high {
            let middle = (low + high) / 2
            if spent(middle) >= budget { high = middle } else { low = middle + 1 }
        }
        return high
    }
}
