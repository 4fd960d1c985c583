import SynapticRL

/// What training has spent, counted one way for every method: sample passes through the network. A backward pass
/// (backpropagating one sample) counts as two forward passes in `forwardEquivalents`, the figure budgets compare.
/// Scoring the training and validation sets at an evaluation is not charged (metrics count it apart).
public struct SampleCost: Sendable, Equatable, Codable {
    public var forwardPasses: Int
    public var backwardPasses: Int

    public init(forwardPasses: Int = 0, backwardPasses: Int = 0) {
        (self.forwardPasses, self.backwardPasses) = (forwardPasses, backwardPasses)
    }

    /// forward + 2 × backward.
    public var forwardEquivalents: Int { forwardPasses + 2 * backwardPasses }

    enum CodingKeys: String, CodingKey { case forwardPasses, backwardPasses, forwardEquivalents }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        forwardPasses = try container.decode(Int.self, forKey: .forwardPasses)
        backwardPasses = try container.decode(Int.self, forKey: .backwardPasses)
        guard forwardPasses >= 0 && backwardPasses >= 0 else {
            throw SynapticRLError.invalidData("a sample cost must count passes from 0 up")
        }
    }

    /// The combined figure is written too, for readers of summary.json that do not add it up themselves.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(forwardPasses, forKey: .forwardPasses)
        try container.encode(backwardPasses, forKey: .backwardPasses)
        try container.encode(forwardEquivalents, forKey: .forwardEquivalents)
    }
}
