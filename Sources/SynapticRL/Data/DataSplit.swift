/// The paper's randomised train/validation split, seeded: a Fisher–Yates permutation of the sample indices
/// drawn from the counter-based generator, the first (1 − fraction) for training, the rest for validation.
public struct DataSplit: Sendable, Equatable {
    public let training: [Int]
    public let validation: [Int]

    public init(count: Int, validationFraction: Double = 0.25, seed: UInt64) throws {
        guard validationFraction.isFinite && validationFraction > 0 && validationFraction < 1 else {
            throw SynapticRLError.invalidParameter("validation fraction must be in (0, 1), got \(validationFraction)")
        }
        let validationCount = Int((Double(count) * validationFraction).rounded())
        guard validationCount >= 1 && validationCount < count else {
            throw SynapticRLError.invalidData("\(count) samples are too few for a \(validationFraction) validation split")
        }
        var order = Array(0..<count)
        var draws = CounterStream(seed: seed, stream: .dataSplit)
        for position in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(position, draws.index(below: position + 1))
        }
        training = Array(order[..<(count - validationCount)]).sorted()
        validation = Array(order[(count - validationCount)...]).sorted()
    }
}
