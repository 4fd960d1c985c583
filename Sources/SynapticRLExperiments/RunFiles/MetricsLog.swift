import Foundation
import SynapticRL

/// One row of a run's metrics CSV: its columns, and the row as a line of them.
public protocol MetricsRow: Sendable, Codable, Equatable {
    static var header: String { get }
    var line: String { get }
}

/// The metrics CSV of a run (`metrics.csv`): one row per evaluation or report, rewritten atomically after each,
/// so a run killed at any moment leaves a complete file of the rows so far. Both tasks log through it.
public final class MetricsLog<Row: MetricsRow> {
    public private(set) var rows: [Row] = []
    let url: URL?

    /// A log that continues `rows` (a resumed run's rows so far); nil `url` keeps the rows in memory only.
    public init(url: URL?, rows: [Row] = []) {
        self.url = url
        self.rows = rows
    }

    public func append(_ row: Row) throws {
        rows.append(row)
        if let url { try AtomicFile.write(Data(text.utf8), to: url) }
    }

    public var text: String {
        ([Row.header] + rows.map(\.line)).joined(separator: "\n") + "\n"
    }
}
