import ArgumentParser
import Foundation

/// --summary: a copy of the run's final summary (summary.json) at a path of the user's (synrl train, boundary, resume).
public struct SummaryOption: ParsableArguments {
    @Option(help: "Also write the final summary as JSON to this file.")
    public var summary: String?

    public init() {}

    /// --summary as a file URL; nil without it.
    public func url() throws -> URL? {
        try summary.map { try pathFlag($0, "--summary") }
    }
}
