import ArgumentParser
import Foundation
import SynapticRLExperiments

/// --resume of a policy search (synrl evolve, synrl-mpi evolve): continue the search OUT holds instead of
/// claiming a new folder.
public struct SearchResumeOption: ParsableArguments {
    @Flag(help: "Continue the search OUT holds, started with the same flags (--generations may be raised, --threads changed).")
    public var resume = false

    public init() {}

    /// --resume and --overwrite exclude each other, and --resume needs the folder named.
    public func check<Kind>(against output: RunFolderOptions<Kind>) throws {
        if resume && output.overwrite { throw ValidationError("--resume continues OUT and --overwrite replaces it: give one") }
        if resume && output.out == nil { throw ValidationError("--resume needs --out, the search to continue") }
    }

    /// Claims `folder`: the existing search's with --resume, else a new one (refused if it holds a run).
    public func claim<Kind>(_ folder: URL, output: RunFolderOptions<Kind>) throws {
        if resume { try RunFolder.claimExisting(folder) } else { try output.claim(folder) }
    }
}
