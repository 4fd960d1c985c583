import Foundation

/// A layer's element-wise nonlinearity.
public enum Activation: String, Sendable, CaseIterable, Codable {
    case tanh, relu, sigmoid, identity

    @inline(__always)
    public func apply(_ x: Float) -> Float {
        switch self {
        case .tanh: return FastTanh.tanh(x)
        case .relu: return x > 0 ? x : 0
        case .sigmoid: return 1 / (1 + Foundation.exp(-x))
        case .identity: return x
        }
    }

    /// Applies the activation in place to `count` values (package: the peers' stacked population uses it too).
    package func apply(to values: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .identity: return
        case .relu: for i in 0..<count { values[i] = values[i] < 0 ? 0 : values[i] }  // a select, so it vectorises; NaN stays NaN, so it is caught
        case .tanh: FastTanh.apply(to: values, count: count)
        case .sigmoid: for i in 0..<count { values[i] = 1 / (1 + Foundation.exp(-values[i])) }
        }
    }
}
