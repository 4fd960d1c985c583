import ArgumentParser
import Foundation
import SynapticRL
import SynapticRLExperiments

/// What a command's run folder is called by default and holds, for its --out and --overwrite help.
public protocol RunFolderKind {
    /// The default folder is runs/<name>-<UTC time>[-<seed>].
    static var name: String { get }
    /// Whether the default folder's name ends in the run's seed.
    static var isSeeded: Bool { get }
    /// The files --out's help lists.
    static var contents: String { get }
    /// How an interrupted run of this kind is continued, where it can be ("synrl resume").
    static var resumedBy: String? { get }
}

/// --out and --overwrite: the run folder a new run claims (synrl train, boundary, reproduce, synrl-mpi train).
/// Generic over its kind because argument-parser's help text is fixed with the property, not by the command.
public struct RunFolderOptions<Kind: RunFolderKind>: ParsableArguments {
    @Option(help: ArgumentHelp("Run folder (\(Kind.contents)); it must not hold a run already. "
                               + "Default: runs/\(Kind.name)-<time>\(Kind.isSeeded ? "-<seed>" : "")."))
    public var out: String?
    @Flag(help: ArgumentHelp("Replace the run that --out holds (its synrl files are removed first)"
                             + (Kind.resumedBy.map { "; to continue an interrupted run, use \($0) instead." } ?? ".")))
    public var overwrite = false

    public init() {}

    /// --out, or a fresh default folder; `seed` names it where the kind's default does.
    public func folder(seed: UInt64?) throws -> URL {
        try out.map { try pathFlag($0, "--out") } ?? defaultRunFolder(Kind.name, seed: Kind.isSeeded ? seed : nil)
    }

    /// Claims `folder` for this run: it must not hold one, unless --overwrite.
    public func claim(_ folder: URL) throws {
        try RunFolder.claimNew(folder, overwrite: overwrite)
    }
}
