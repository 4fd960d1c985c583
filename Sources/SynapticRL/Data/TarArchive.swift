import CArchive
import Foundation

/// Reads the regular files of a tar archive (gzip or not) straight from disk through libarchive:
/// the only importer of CArchive.
public enum TarArchive {
    /// Calls `body(path, bytes)` for every regular file, in archive order.
    public static func forEachFile(in url: URL, _ body: (String, Data) throws -> Void) throws {
        guard let reader = archive_read_new() else { throw SynapticRLError.io("libarchive could not start") }
        defer { archive_read_free(reader) }
        archive_read_support_filter_all(reader)
        archive_read_support_format_all(reader)
        guard archive_read_open_filename(reader, url.path, 1 << 16) == ARCHIVE_OK else {
            throw SynapticRLError.invalidData("\(url.path): not a readable archive (\(errorText(reader)))")
        }
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(reader, &entry)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw SynapticRLError.invalidData("\(url.path): corrupt or truncated archive (\(errorText(reader)))")
            }
            guard archive_entry_filetype(entry) == 0o100000 /* AE_IFREG, a macro Swift does not import */, let cPath = archive_entry_pathname(entry) else { continue }
            let path = String(cString: cPath)
            let size = Int(max(archive_entry_size(entry), 0))
            var bytes = [UInt8](repeating: 0, count: size)
            var filled = 0
            while filled < size {
                let read = bytes.withUnsafeMutableBytes { archive_read_data(reader, $0.baseAddress! + filled, size - filled) }
                guard read > 0 else {
                    throw SynapticRLError.invalidData("\(url.path): truncated archive inside \(path) (\(errorText(reader)))")
                }
                filled += read
            }
            try body(path, Data(bytes))
        }
    }

    private static func errorText(_ reader: OpaquePointer) -> String {
        archive_error_string(reader).map { String(cString: $0) } ?? "unknown error"
    }
}
