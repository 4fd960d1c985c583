import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments

/// A subcommand whose work is done by the library: a `SynapticRLError` becomes argument-parser's one-line
/// "Error: …" and a non-zero exit, and a run folder it claimed but never wrote into is removed again.
public protocol LibraryCommand: ParsableCommand {
    func execute() throws
}

extension LibraryCommand {
    public func run() throws {
        do {
            try execute()
        } catch let error as SynapticRLError {
            RunFolder.discardUnused()
            throw ValidationFailure(message: error.description)
        } catch {
            RunFolder.discardUnused()
            throw error
        }
    }
}

/// A library error surfaced as argument-parser's one-line "Error: …" with a non-zero exit.
public struct ValidationFailure: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// A path flag's value as a file URL; an empty one (`--out ''`) would name the current folder and is refused.
public func pathFlag(_ value: String, _ flag: String) throws -> URL {
    guard !value.isEmpty else { throw ValidationError("\(flag) needs a path, got an empty one") }
    return URL(fileURLWithPath: value)
}

/// runs/KIND-<UTC time>[-SEED], with -2, -3, … added where that folder exists already (two runs started in
/// one second), so a default never collides with a run folder, which `--out` would refuse.
public func defaultRunFolder(_ kind: String, seed: UInt64?) -> URL {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    formatter.timeZone = TimeZone(identifier: "UTC")
    let base = "runs/\(kind)-\(formatter.string(from: Date()))" + (seed.map { "-\($0)" } ?? "")
    var candidate = base
    var suffix = 1
    while FileManager.default.fileExists(atPath: candidate) {
        suffix += 1
        candidate = "\(base)-\(suffix)"
    }
    return URL(fileURLWithPath: candidate)
}

/// One line of narration to standard error (what a run is about to do, where its files go); none with --quiet.
public func log(_ line: String) {
    guard !Narration.isSilenced else { return }
    StandardStreams.writeError(line + "\n")
}
