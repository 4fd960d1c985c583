/// A batch of samples stored features-major: (features, count) row-major, `values[feature · count + sample]`.
///
/// This is the orientation in which one layer is a single GEMM, W(out, in) · X(in, count), with the
/// long sample dimension contiguous (measured faster than sample-major for 784-input layers).
public struct Batch: Sendable, Equatable {
    public let features: Int
    public let count: Int
    public var values: [Float]

    public init(features: Int, count: Int, values: [Float]) throws {
        guard features >= 1, count >= 1 else {
            throw SynapticRLError.invalidData("a batch needs at least one feature and one sample, got (\(features), \(count))")
        }
        guard values.count == features * count else {
            throw SynapticRLError.invalidData("a (\(features), \(count)) batch needs \(features * count) values, got \(values.count)")
        }
        self.features = features
        self.count = count
        self.values = values
    }

    public subscript(feature: Int, sample: Int) -> Float {
        values[feature * count + sample]
    }
}
