/// How often the incremental first layer gives the same reward as the dense path would, measured by
/// evaluating both on every iteration (`synrl train --check-first-layer`).
public struct RewardAgreement: Sendable, Equatable, Codable {
    /// Iterations whose two rewards were compared.
    public private(set) var compared = 0
    /// Of those, the ones where both paths gave the same reward.
    public private(set) var agreed = 0
    /// The largest |incremental − dense| / dense loss seen.
    public private(set) var largestRelativeDifference = 0.0
    private var previous: (incremental: Double, dense: Double)?

    public init() {}

    /// Records both losses of one evaluation; `compares` is false where the previous losses belong to
    /// another minibatch or weights (a fresh evaluation), so no reward is due.
    public mutating func record(incremental: Double, dense: Double, compares: Bool) {
        largestRelativeDifference = max(largestRelativeDifference, abs(incremental - dense) / abs(dense))
        if compares, let previous {
            compared += 1
            if (incremental < previous.incremental) == (dense < previous.dense) { agreed += 1 }
        }
        previous = (incremental, dense)
    }

    public var fraction: Double { compared > 0 ? Double(agreed) / Double(compared) : 1 }

    public static func == (a: Self, b: Self) -> Bool {
        a.compared == b.compared && a.agreed == b.agreed && a.largestRelativeDifference == b.largestRelativeDifference
    }

    enum CodingKeys: String, CodingKey { case compared, agreed, largestRelativeDifference }
}
