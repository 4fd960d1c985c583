extension PhaseProfile {
    /// The names of the phases that the report groups; the code that times them uses these, so the groups hold.
    public enum Phase {
        /// Layer `layer`'s (0-based) GEMM.
        public static func gemm(layer: Int) -> String { "layer \(layer + 1) GEMM" }
        /// Layer `layer`'s (0-based) activation (for layer 1 of the stacked first layer: pre-activations composed,
        /// then the activation).
        public static func activation(layer: Int) -> String { "layer \(layer + 1) activation" }
        /// The first layer's exact 8-bit × ternary update (incremental path).
        public static let integerUpdate = "layer 1 integer update"
        /// Each trial's first-layer weights (before a GEMM) or actions (before an integer update) copied into the
        /// stacked matrices.
        public static let stacking = "layer 1 stacking"
        public static let evaluation = "evaluation"
        public static let logging = "logging"
        public static let checkpoint = "checkpoint"

        /// The first layer's phases; the rest of an iteration is "outside the first layer".
        static let firstLayer = [gemm(layer: 0), integerUpdate, stacking, activation(layer: 0)]
        /// The phases of the evaluation points, which are not part of a training iteration.
        static let betweenIterations = [evaluation, logging, checkpoint]
    }
}
