import Foundation

/// Writes whole files so that a reader (or a crash) never sees half of one: a temporary file in the same
/// folder, then rename(2), which replaces the target in one step.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        let temporary = temporaryURL(for: url)
        do {
            try data.write(to: temporary)
        } catch {
            throw SynapticRLError.io("cannot write \(url.path): \(Self.reason(error))")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let message = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw SynapticRLError.io("cannot write \(url.path): \(message)")
        }
    }

    /// `value` as pretty, key-sorted JSON, written atomically.
    public static func writeJSON<Value: Encodable>(_ value: Value, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try write(try encoder.encode(value), to: url)
    }

    /// Creates `url` and its parents if missing; a failure is one line naming the folder and the reason.
    public static func createFolder(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw SynapticRLError.io("cannot create folder \(url.path): \(reason(error))")
        }
    }

    /// Fails now, before hours of work, if `url` could not be written later: its folder must exist and be writable.
    public static func checkWritable(_ url: URL) throws {
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw SynapticRLError.io("cannot write \(url.path): folder \(folder.path) does not exist")
        }
        guard access(folder.path, W_OK) == 0 else {
            throw SynapticRLError.io("cannot write \(url.path): folder \(folder.path) is not writable")
        }
    }

    public static func read(_ url: URL, what: String) throws -> Data {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SynapticRLError.io("cannot read \(what) \(url.path): no such file")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw SynapticRLError.io("cannot read \(what) \(url.path): \(Self.reason(error))")
        }
    }

    /// Where `write` keeps its copy of `url` until the rename: hidden, named after the file and the process.
    static func temporaryURL(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    }

    /// Removes temporary copies that a killed process left beside `url`.
    static func removeLeftovers(of url: URL) {
        let folder = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent)."
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
