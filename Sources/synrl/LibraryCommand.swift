import ArgumentParser
import SynapticRL

/// A subcommand whose work is done by the library: a `SynapticRLError` becomes argument-parser's one-line
/// "Error: …" and a non-zero exit.
protocol LibraryCommand: ParsableCommand {
    func execute() throws
}

extension LibraryCommand {
    func run() throws {
        do {
            try execute()
        } catch let error as SynapticRLError {
            throw ValidationFailure(message: error.description)
        }
    }
}
