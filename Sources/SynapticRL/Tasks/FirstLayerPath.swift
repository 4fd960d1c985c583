/// How a classification task evaluates its first layer each iteration.
public enum FirstLayerPath: String, Sendable, CaseIterable, Codable {
    /// A dense Float GEMM on every evaluation.
    case dense
    /// Exact integer updates of the pre-activations from the 8-bit pixels and the ternary moves
    /// (`StackedFirstLayer`), a dense GEMM only at a new minibatch or step.
    case incremental
    /// Incremental where it is the faster (an AVX2 CPU and a minibatch kept for at least `minimumResampleEvery`
    /// iterations), else dense. The choice depends on the CPU and settings only, never on timings, so a run
    /// repeats exactly on the same machine.
    case auto

    public static let minimumResampleEvery = 16

    /// `auto` made dense or incremental for a run; Float features (`LabeledImages.floatFeatures`) are always dense.
    public func resolved(resampleEvery: Int, floatFeatures: Bool = false) -> FirstLayerPath {
        guard self == .auto else { return self }
        return TernaryAccumulate.hasAVX2 && !floatFeatures && resampleEvery >= Self.minimumResampleEvery ? .incremental : .dense
    }

    /// Which build of the incremental path's integer kernel this CPU runs: "AVX2" or "portable C".
    public static var incrementalKernel: String { TernaryAccumulate.hasAVX2 ? "AVX2" : "portable C" }
}
