import Foundation
import SynapticRL

/// A run folder belongs to one run. A command claims its folder before it writes anything: a new run refuses a
/// folder that already holds files (unless told to overwrite), and every claim takes an advisory lock (flock(2)
/// on the folder itself) that is held for the rest of the process's life, so a second writer, a second resume
/// or a stale resume is refused in one line instead of mixing two runs' files.
public enum RunFolder {
    /// Claims `url` for a new run, creating it if missing. A folder that holds anything is refused, naming the
    /// ways out; with `overwrite` the files a synrl run writes there are removed first (others are left alone).
    public static func claimNew(_ url: URL, overwrite: Bool) throws {
        guard !url.path.isEmpty else { throw SynapticRLError.invalidParameter("the run folder's path is empty") }
        let created = try AtomicFile.createFolder(url)
        let newlyLocked = try lock(url, created: created)
        do {
            guard try !contents(of: url).isEmpty else { return }
            guard overwrite else {
                throw SynapticRLError.io("\(url.path) already holds a run (or other files): choose another --out, continue an "
                    + "interrupted run with synrl resume \(url.path), or pass --overwrite to replace it")
            }
            try removeRun(in: url)
        } catch {
            if newlyLocked { unlock(url) }  // a refused claim holds nothing
            throw error
        }
    }

    /// Claims the folder of an existing run to continue it: refused while another process holds it.
    public static func claimExisting(_ url: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw SynapticRLError.io("\(url.path) is not a run folder (no such folder)")
        }
        try lock(url, created: [])
    }

    /// After a command failed: removes the folders this process created and claimed but wrote nothing into (and
    /// the parents it created for them), so a refused flag or unreadable data set leaves no empty folder behind.
    public static func discardUnused() {
        registry.lock.lock()
        defer { registry.lock.unlock() }
        for claim in registry.claims.values {
            for folder in claim.created.reversed() {
                guard rmdir(folder.path) == 0 else { break }  // the first that is not empty keeps its parents too
            }
        }
    }

    /// Whether `url` holds a synrl run's files (a run going on, interrupted or finished).
    static func holdsRun(_ url: URL) -> Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).contains(where: runFileNames.contains)
    }

    // MARK: - Locks

    private struct Claim {
        let descriptor: Int32
        /// The folders the claim created, outermost first.
        let created: [URL]
    }

    /// One lock per folder per process: flock(2) conflicts between two descriptors even of one process.
    private final class Registry: @unchecked Sendable {
        let lock = NSLock()
        var claims: [String: Claim] = [:]
    }
    private static let registry = Registry()

    private static func key(_ url: URL) -> String { url.resolvingSymlinksInPath().standardizedFileURL.path }

    /// Takes the folder's lock; false if this process held it already.
    @discardableResult
    private static func lock(_ url: URL, created: [URL]) throws -> Bool {
        let key = key(url)
        registry.lock.lock()
        defer { registry.lock.unlock() }
        if registry.claims[key] != nil { return false }
        let descriptor = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let message = String(cString: strerror(errno))
            for folder in created.reversed() { rmdir(folder.path) }
            throw SynapticRLError.io("cannot open run folder \(url.path): \(message)")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let message = String(cString: strerror(errno))
            close(descriptor)
            for folder in created.reversed() { rmdir(folder.path) }
            throw SynapticRLError.io(busy
                ? "\(url.path) is in use by another synrl process: wait for it to end or stop it, or choose another --out"
                : "cannot lock run folder \(url.path): \(message)")
        }
        registry.claims[key] = Claim(descriptor: descriptor, created: created)  // held until exit, or until unlock
        return true
    }

    private static func unlock(_ url: URL) {
        registry.lock.lock()
        defer { registry.lock.unlock() }
        if let claim = registry.claims.removeValue(forKey: key(url)) { close(claim.descriptor) }
    }

    // MARK: - What a run leaves

    /// The files a synrl run writes into its folder (and its trials' or reproduction's subfolders).
    static let runFileNames = Set(RunFolderWriter.File.allCases.map(\.rawValue))

    static func isRunFile(_ name: String) -> Bool { runFileNames.contains(name) || RunFolderWriter.File.isGenerationPolicy(name) }

    private static func contents(of url: URL) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw SynapticRLError.io("cannot list run folder \(url.path): \(AtomicFile.reason(error))")
        }
    }

    /// Removes synrl's files from `url`, and subfolders that were run folders (trials, a reproduction's runs) once
    /// emptied of them; anything else is kept.
    private static func removeRun(in url: URL) throws {
        for name in try contents(of: url) {
            let entry = url.appendingPathComponent(name)
            var info = stat()
            guard lstat(entry.path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFREG && (isRunFile(name) || isLeftover(name)) {
                guard unlink(entry.path) == 0 else {
                    throw SynapticRLError.io("cannot remove \(entry.path) to overwrite the run: \(String(cString: strerror(errno)))")
                }
            } else if info.st_mode & S_IFMT == S_IFDIR, try contents(of: entry).contains(where: isRunFile) {
                try removeRun(in: entry)
                rmdir(entry.path)  // fails, and keeps it, if something not synrl's is left inside
            }
        }
    }

    /// A temporary that a killed writer left: `.NAME.<random>.tmp` (AtomicFile).
    private static func isLeftover(_ name: String) -> Bool {
        runFileNames.contains { AtomicFile.isTemporaryName(name, for: URL(fileURLWithPath: $0)) }
    }
}
