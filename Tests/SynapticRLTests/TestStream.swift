import SynapticRL
import SynapticRLExperiments

typealias SynapticRLTestStream = CounterStream

extension CounterStream {
    /// A test-only stream: the seed is the test's, the stream the minibatch one (unused by the tests' subjects).
    init(seed: UInt64) { self.init(seed: seed, stream: .minibatch, iteration: 0xC0FFEE) }
}
