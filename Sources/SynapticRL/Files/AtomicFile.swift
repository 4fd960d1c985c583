import Foundation

/// The one writer of every file synrl produces, so that a reader (or a crash) never sees half of one and nothing
/// synrl did not create is replaced:
/// - a missing target or a regular file is written to an unpredictable temporary in the same folder (created
///   exclusively, so never through a planted symlink), synced, then renamed over the target in one step;
/// - a character device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is written through, never replaced;
/// - anything else (a symlink, a folder, a socket, a block device) is refused in one line;
/// - every failure removes its temporary.
package enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        switch try target(url) {
        case .writeThrough: try writeThrough(data, to: url)
        case .replace: try replace(url, with: data)
        }
    }

    /// `value` as pretty, key-sorted JSON, written atomically. Non-finite numbers are refused by the encoder:
    /// callers check them first, so that the error names what became non-finite.
    public static func writeJSON<Value: Encodable>(_ value: Value, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw SynapticRLError.numerical("cannot write \(url.path): a value to record is not finite (NaN or infinity)")
        }
        try write(data, to: url)
    }

    /// Creates `url` and its parents if missing, and returns the folders it created, outermost first; a failure
    /// is one line naming the folder and the reason, and removes what it had created. A symlink to a folder is a
    /// folder here (run folders on scratch space often are); files inside are still written by `write`, which
    /// follows no link.
    @discardableResult
    public static func createFolder(_ url: URL) throws -> [URL] {
        var info = stat()
        if stat(url.path, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
            throw SynapticRLError.io("cannot create folder \(url.path): it exists and is not a folder")
        }
        var missing: [URL] = []
        var folder = url.standardizedFileURL
        while folder.path != "/" && stat(folder.path, &info) != 0 {
            missing.insert(folder, at: 0)
            folder = folder.deletingLastPathComponent()
        }
        var created: [URL] = []
        for folder in missing {
            if mkdir(folder.path, 0o777) == 0 {
                created.append(folder)
                continue
            }
            if errno == EEXIST { continue }  // another process made it first: not ours to remove
            let message = String(cString: strerror(errno))
            for made in created.reversed() { rmdir(made.path) }
            throw SynapticRLError.io("cannot create folder \(url.path): \(message)")
        }
        return created
    }

    /// Fails now, before hours of work, if `url` could not be written later: it must be a writable kind of
    /// target, and a file to be replaced needs a writable folder.
    public static func checkWritable(_ url: URL) throws {
        guard try target(url) == .replace else { return }
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw SynapticRLError.io("cannot write \(url.path): folder \(folder.path) does not exist")
        }
        guard access(folder.path, W_OK) == 0 else {
            throw SynapticRLError.io("cannot write \(url.path): folder \(folder.path) is not writable")
        }
    }

    /// The whole of `url`, refused in one line if it holds more than `limit` bytes (a policy is small; a device
    /// such as /dev/zero would otherwise be read until memory runs out).
    public static func read(_ url: URL, what: String, limit: Int = 1 << 32) throws -> Data {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            let reason = FileManager.default.fileExists(atPath: url.path) ? String(cString: strerror(errno)) : "no such file"
            throw SynapticRLError.io("cannot read \(what) \(url.path): \(reason)")
        }
        defer { try? handle.close() }
        do {
            var info = stat()
            if fstat(handle.fileDescriptor, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                throw SynapticRLError.io("cannot read \(what) \(url.path): it is a folder")
            }
            if info.st_mode & S_IFMT == S_IFREG, info.st_size > limit {
                throw SynapticRLError.invalidData("\(what) \(url.path): \(info.st_size) bytes, more than the \(limit) this engine reads")
            }
            var data = Data()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                data.append(chunk)
                guard data.count <= limit else {
                    throw SynapticRLError.invalidData("\(what) \(url.path): more than the \(limit) bytes this engine reads")
                }
            }
            return data
        } catch let error as SynapticRLError {
            throw error
        } catch {
            throw SynapticRLError.io("cannot read \(what) \(url.path): \(reason(error))")
        }
    }

    /// Removes temporary copies that a killed process left beside `url` (the run folder is locked, so no other
    /// process is writing there).
    package static func removeLeftovers(of url: URL) {
        let folder = url.deletingLastPathComponent()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where isTemporaryName(name, for: url) {
            unlink(folder.appendingPathComponent(name).path)
        }
    }

    /// Tests set this to make the next write into `folder` fail with `errno` (ENOSPC: a full file system).
    nonisolated(unsafe) static var injectedFailure: (folder: String, errno: Int32)?

    // MARK: - The steps

    enum Target { case replace, writeThrough }

    /// What writing `url` means, from what is there now.
    static func target(_ url: URL) throws -> Target {
        var info = stat()
        guard lstat(url.path, &info) == 0 else {
            guard errno == ENOENT else { throw SynapticRLError.io("cannot write \(url.path): \(String(cString: strerror(errno)))") }
            return .replace
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .replace
        case S_IFCHR, S_IFIFO: return .writeThrough
        case S_IFLNK: throw SynapticRLError.io("cannot write \(url.path): it is a symbolic link, which synrl does not replace or follow; name the file itself")
        case S_IFDIR: throw SynapticRLError.io("cannot write \(url.path): it is a folder; name a file")
        default: throw SynapticRLError.io("cannot write \(url.path): it is not a regular file, a character device or a FIFO; refused")
        }
    }

    private static func replace(_ url: URL, with data: Data) throws {
        let (descriptor, temporary) = try createTemporary(for: url)
        do {
            do {
                try writeAll(data, to: descriptor, failing: injectedFailure(for: url))
                guard fsync(descriptor) == 0 else { throw PosixFailure(code: errno) }
            } catch {
                close(descriptor)
                throw error
            }
            // Linux frees the descriptor even when close fails: never close it twice.
            guard close(descriptor) == 0 else { throw PosixFailure(code: errno) }
        } catch let failure as PosixFailure {
            unlink(temporary.path)
            throw SynapticRLError.io("cannot write \(url.path): \(failure.message)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary.path)
            throw SynapticRLError.io("cannot write \(url.path): \(message)")
        }
        syncFolder(of: url)
    }

    /// A device or FIFO takes the bytes as they are; there is no rename to make.
    private static func writeThrough(_ data: Data, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw SynapticRLError.io("cannot write \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        do {
            try writeAll(data, to: descriptor, failing: nil)
        } catch let failure as PosixFailure {
            throw SynapticRLError.io("cannot write \(url.path): \(failure.message)")
        }
    }

    /// A new, empty file `.NAME.<random>.tmp` beside `url`, created exclusively: a name planted in advance (a
    /// symlink among them) makes the attempt fail and another random name is drawn.
    package static func createTemporary(for url: URL) throws -> (descriptor: Int32, url: URL) {
        let folder = url.deletingLastPathComponent()
        for _ in 0..<100 {
            let name = ".\(url.lastPathComponent).\(String(UInt64.random(in: 0...UInt64.max), radix: 36)).tmp"
            let candidate = folder.appendingPathComponent(name)
            let descriptor = open(candidate.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
            if descriptor >= 0 { return (descriptor, candidate) }
            guard errno == EEXIST else {
                throw SynapticRLError.io("cannot write \(url.path): \(String(cString: strerror(errno)))")
            }
        }
        throw SynapticRLError.io("cannot write \(url.path): no free temporary name in \(folder.path)")
    }

    package static func isTemporaryName(_ name: String, for url: URL) -> Bool {
        name.hasPrefix(".\(url.lastPathComponent).") && name.hasSuffix(".tmp")
    }

    private struct PosixFailure: Error {
        let code: Int32
        var message: String { String(cString: strerror(code)) }
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, failing injected: Int32?) throws {
        if let injected { throw PosixFailure(code: injected) }
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw PosixFailure(code: errno)
                }
                offset += written
            }
        }
    }

    private static func injectedFailure(for url: URL) -> Int32? {
        guard let injected = injectedFailure, url.deletingLastPathComponent().path == injected.folder else { return nil }
        injectedFailure = nil
        return injected.errno
    }

    /// Makes the rename itself durable across a power cut, not only a crash; a folder that cannot be synced is
    /// no reason to fail a write that already happened.
    private static func syncFolder(of url: URL) {
        let descriptor = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    package static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
