import Foundation
import CArchive
import SynapticRL

/// Reads the regular files of a tar archive (gzip or not) straight from disk through libarchive:
/// the only importer of CArchive. Sizes in entry headers are claims, never allocation sizes: every entry is
/// read in chunks and refused once it passes the caller's cap, so a hostile header or a gzip bomb costs at
/// most the cap in memory and the total cap in time.
package enum TarArchive {
    /// Calls `body(path, bytes)` for every regular file, in archive order; refuses an entry that claims or holds
    /// more than `largestEntry` bytes, or an archive whose files hold more than `largestTotal` in all.
    public static func forEachFile(in url: URL, largestEntry: Int, largestTotal: Int,
                                   _ body: (String, Data) throws -> Void) throws {
        guard let reader = archive_read_new() else { throw SynapticRLError.io("libarchive could not start") }
        defer { archive_read_free(reader) }
        // Only what the data sets come as (tar, plain or gzip): no other formats' parsers, and none of the
        // filters that run external programs.
        archive_read_support_filter_gzip(reader)
        archive_read_support_format_tar(reader)
        let what = url.path
        guard archive_read_open_filename(reader, what, 1 << 16) == ARCHIVE_OK else {
            throw SynapticRLError.invalidData("\(what): not a readable archive (\(errorText(reader)))")
        }
        var total = 0
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(reader, &entry)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw SynapticRLError.invalidData("\(what): corrupt or truncated archive (\(errorText(reader)))")
            }
            guard archive_entry_filetype(entry) == 0o100000 /* AE_IFREG, a macro Swift does not import */, let cPath = archive_entry_pathname(entry) else { continue }
            let path = String(cString: cPath)
            let claimed = archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : 0
            guard claimed >= 0, claimed <= Int64(largestEntry) else {
                throw SynapticRLError.invalidData("\(what): \(path.oneLine) claims \(claimed) bytes, more than the \(largestEntry) an entry may hold; refused")
            }
            let bytes = try readData(reader, archive: what, path: path, claimed: Int(claimed), largest: largestEntry,
                                     totalBefore: total, largestTotal: largestTotal)
            total += bytes.count
            try body(path, bytes)
        }
    }

    /// The current entry's data, read in chunks and refused as soon as it holds more than `largest` bytes or
    /// brings the archive's total past `largestTotal`.
    private static func readData(_ reader: OpaquePointer, archive: String, path: String, claimed: Int, largest: Int,
                                 totalBefore: Int, largestTotal: Int) throws -> Data {
        var bytes = Data()
        // Sized from the (capped) claim: half a million small PNGs should not each zero 64 KiB; one byte more than
        // the claim lets the loop see the end (or a lie) in one read.
        var chunk = [UInt8](repeating: 0, count: min(claimed + 1, 1 << 16))
        while true {
            let read = chunk.withUnsafeMutableBytes { archive_read_data(reader, $0.baseAddress, $0.count) }
            if read == 0 { return bytes }
            guard read > 0 else {
                throw SynapticRLError.invalidData("\(archive): truncated archive inside \(path.oneLine) (\(errorText(reader)))")
            }
            guard read <= largest - bytes.count else {
                throw SynapticRLError.invalidData("\(archive): \(path.oneLine) holds more than the \(largest) bytes an entry may hold; refused")
            }
            guard read <= largestTotal - totalBefore - bytes.count else {
                throw SynapticRLError.invalidData("\(archive): its files hold more than \(largestTotal) bytes in all; refused")
            }
            bytes.append(contentsOf: chunk[..<read])
        }
    }

    private static func errorText(_ reader: OpaquePointer) -> String {
        archive_error_string(reader).map { String(cString: $0).oneLine } ?? "unknown error"
    }
}
