import Foundation
import SynapticRL

extension SeparableCMAES {
    /// What a search is started with.
    public struct Settings: Sendable, Equatable, Codable {
        /// n, the number of coordinates searched.
        public var dimension: Int
        /// σ₀, the initial step size of every run (first and restarts); about a quarter of the range the optimum
        /// may lie in around the initial mean.
        public var initialSigma: Double
        /// λ of the first run; nil for the standard 4 + ⌊3 ln n⌋.
        public var populationSize: Int?
        /// How many IPOP restarts follow the first run; λ doubles at each.
        public var maximumRestarts: Int
        /// The seed of every draw (`CounterRandom.Stream.policySearch`).
        public var seed: UInt64

        /// The largest λ a restart may reach: a generation's candidates are held in memory at once.
        public static let largestPopulation = 1 << 20

        /// Settings with the standard λ and four restarts unless given.
        public init(dimension: Int, initialSigma: Double, populationSize: Int? = nil, maximumRestarts: Int = 4, seed: UInt64) {
            (self.dimension, self.initialSigma, self.populationSize) = (dimension, initialSigma, populationSize)
            (self.maximumRestarts, self.seed) = (maximumRestarts, seed)
        }

        /// λ of the first run: `populationSize`, or 4 + ⌊3 ln n⌋.
        public var initialPopulationSize: Int {
            populationSize ?? 4 + Int((3 * log(Double(max(dimension, 1)))).rounded(.down))
        }

        /// Throws `SynapticRLError.invalidParameter` naming the first setting out of range.
        public func validate() throws {
            guard dimension >= 1 else {
                throw SynapticRLError.invalidParameter("the search's dimension must be at least 1, not \(dimension)")
            }
            guard initialSigma.isFinite, initialSigma > 0 else {
                throw SynapticRLError.invalidParameter("the initial sigma must be a positive finite number, not \(initialSigma)")
            }
            if let populationSize, populationSize < 2 {
                throw SynapticRLError.invalidParameter(
                    "the population size must be at least 2 (so that μ = ⌊λ/2⌋ ≥ 1), not \(populationSize)")
            }
            guard maximumRestarts >= 0 else {
                throw SynapticRLError.invalidParameter("the maximum number of restarts must be 0 or more, not \(maximumRestarts)")
            }
            var last = initialPopulationSize
            for _ in 0..<maximumRestarts where last <= Self.largestPopulation { last *= 2 }
            guard last <= Self.largestPopulation else {
                throw SynapticRLError.invalidParameter(
                    "a population of \(initialPopulationSize) doubled at each of \(maximumRestarts) restarts exceeds "
                        + "\(Self.largestPopulation) candidates per generation")
            }
        }
    }
}
