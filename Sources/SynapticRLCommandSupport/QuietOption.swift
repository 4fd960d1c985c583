import ArgumentParser

/// --quiet: the result line only. Progress and the lines that say what a run is about to do (`log`) are not
/// printed; errors still are, as argument-parser's one line.
public struct QuietOption: ParsableArguments {
    @Flag(help: "Print only the result line: no progress, no start lines (errors still go to standard error).")
    public var quiet = false

    public init() {}

    /// Silences `log` for the rest of the process when --quiet was given; call before the first line.
    public func apply() {
        if quiet { Narration.isSilenced = true }
    }
}

/// Whether `log` prints: set once, by `QuietOption.apply`, before a command's work starts (and its threads).
enum Narration {
    nonisolated(unsafe) static var isSilenced = false
}
