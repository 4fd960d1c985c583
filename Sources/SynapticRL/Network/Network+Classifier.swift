extension Network {
    /// The classification networks' convention, written once: ReLU on every hidden layer and identity on the
    /// output (logits for softmax cross-entropy). A checkpoint stores only the sizes, so it decodes through this.
    public static func classifier(sizes: [Int]) throws -> Network {
        try Network(sizes: sizes, activations: [Activation](repeating: .relu, count: max(sizes.count - 2, 0)) + [.identity])
    }
}
