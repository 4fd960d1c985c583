import Foundation
@_spi(Benchmarks) @testable import SynapticRL
@testable import SynapticRLExperiments

/// The tests' small classification runs: one fixture data set and one configuration shape, varied per test.
enum SmallRuns {
    /// 120 IDX images of 5 × 7 pixels in 3 classes.
    static func data() throws -> DataSource.Loaded {
        try DataSource.load(path: try IDXTests.writeFixture(count: 120, rows: 5, columns: 7, classes: 3).path)
    }

    /// A synrl run small enough for a test: minibatches of 40 redrawn every `resampleEvery`, a metrics row every
    /// `evaluateEvery`, step 2e-3 (the OCR default 1e-4 barely moves in a few hundred iterations).
    static func configuration(hidden: [Int] = [6], iterations: Int = 200, resampleEvery: Int = 30, evaluateEvery: Int = 50,
                              adaptive: Bool = true, path: FirstLayerPath = .auto, trials: Int = 1)
        -> ClassificationExperiment.Configuration {
        var configuration = ClassificationExperiment.Configuration()
        configuration.hiddenUnits = hidden
        configuration.iterations = iterations
        configuration.batchSize = 40
        configuration.resampleEvery = resampleEvery
        configuration.evaluateEvery = evaluateEvery
        configuration.settings.step = 2e-3
        configuration.settings.adaptive = adaptive
        configuration.firstLayer = path
        configuration.trials = trials
        return configuration
    }

    /// A stop request at the `iteration`-th question (the run stops after that iteration).
    static func stopper(at iteration: Int) -> () -> Bool {
        var calls = 0
        return {
            calls += 1
            return calls == iteration
        }
    }
}
