import ArgumentParser
import SynapticRL

/// --threads for a new run (synrl train, boundary, reproduce); the range is checked with the other settings
/// (`SynapticSettings.validate`).
public struct ThreadsOption: ParsableArguments {
    @Option(help: "Threads for the iteration, at most the machine's cores (results do not depend on it).")
    public var threads = SynapticSettings().threads

    public init() {}

    public func apply(to settings: inout SynapticSettings) {
        settings.threads = threads
    }
}
