import ArgumentParser
import SynapticRL
import SynapticRLExperiments

/// The OCR run's network shape, validation split and minibatches, shared by synrl train and synrl-mpi train.
/// Defaults are the library's (`ClassificationExperiment.Configuration`).
public struct ClassificationOptions: ParsableArguments {
    private static let defaults = ClassificationExperiment.Configuration()

    @Flag(name: .customLong("test-split"), help: "Validate on the data set's own test split instead of a 75/25 split.")
    public var testSplit = false
    @Option(help: "Hidden layer sizes, comma-separated; 0 for none (the paper: 0 and 32).")
    public var hidden = "0"
    @Option(help: "Seed of the split, the initial weights, the minibatches and every action.")
    public var seed = ClassificationOptions.defaults.seed
    @Option(name: .customLong("batch-size"),
            help: "synrl minibatch size (synrl-mpi shares it out in blocks of \(DataParallel.blockSize) samples: at least one block per process).")
    public var batchSize = ClassificationOptions.defaults.batchSize
    @Option(name: .customLong("resample-every"), help: "synrl: draw a new minibatch every N iterations.")
    public var resampleEvery = ClassificationOptions.defaults.resampleEvery
    @Option(name: .customLong("eval-every"),
            help: "Score training and validation sets every N iterations (0: 50 times a run, at most 5% of its cost).")
    public var evalEvery = ClassificationOptions.defaults.evaluateEvery
    @Option(name: .customLong("first-layer"), help: "synrl: auto (incremental on AVX2 CPUs when the minibatch is kept ≥ \(FirstLayerPath.minimumResampleEvery) iterations), dense (a GEMM every iteration) or incremental (exact 8-bit × ternary or five-level updates of the first layer; a multiplicative rule always takes dense).")
    public var firstLayer = ClassificationOptions.defaults.firstLayer

    public init() {}

    public func validate() throws {
        guard evalEvery >= 0 else { throw ValidationError("--eval-every must be 0 or more") }
        guard resampleEvery >= 1 else { throw ValidationError("--resample-every must be at least 1") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        _ = try hiddenUnits()
    }

    /// --hidden as layer sizes ([] for "0").
    public func hiddenUnits() throws -> [Int] {
        do {
            return try ClassificationExperiment.Configuration.hiddenUnits(parsing: hidden)
        } catch let error as SynapticRLError {
            throw ValidationError(error.detail)
        }
    }

    /// The flags into `configuration`; the other settings keep their values.
    public func apply(to configuration: inout ClassificationExperiment.Configuration) throws {
        configuration.hiddenUnits = try hiddenUnits()
        configuration.useTestSplit = testSplit
        configuration.seed = seed
        configuration.batchSize = batchSize
        configuration.resampleEvery = resampleEvery
        configuration.evaluateEvery = evalEvery
        configuration.firstLayer = firstLayer
    }
}
