import Foundation
import SynapticRL

/// The extra files a command writes (`--summary`, `--save-policy`), checked together before any work: each must
/// be writable, none may be another output or an input of the same command, and none may land in a run folder's
/// files — the command's own (`--summary` naming the run folder or its summary.json) or another run's, which a
/// summary or policy written there would silently replace (a running run's checkpoint, a finished run's weights).
package enum OutputPaths {
    public static func check(outputs: [(flag: String, url: URL)], inputs: [(flag: String, url: URL)] = [], runFolder: URL?) throws {
        let own = runFolder.map { $0.standardizedFileURL.resolvingSymlinksInPath().path }  // a symlinked run folder too
        for (index, output) in outputs.enumerated() {
            let path = canonical(output.url)
            let parent = (path as NSString).deletingLastPathComponent
            let name = output.url.lastPathComponent
            if let own {
                guard path != own else {
                    throw SynapticRLError.invalidParameter("\(output.flag) \(output.url.path) names the run folder itself: name a file")
                }
                guard !(parent == own && RunFolder.runFileNames.contains(name)) else {
                    throw SynapticRLError.invalidParameter("\(output.flag) \(output.url.path) is one of the run's own files: name another")
                }
                guard !parent.hasPrefix(own + "/") else {
                    throw SynapticRLError.invalidParameter("\(output.flag) \(output.url.path) lies inside the run folder's subfolders: write it elsewhere")
                }
            }
            if parent != own, RunFolder.holdsRun(URL(fileURLWithPath: parent)), RunFolder.runFileNames.contains(name) {
                throw SynapticRLError.invalidParameter("\(output.flag) \(output.url.path) is a file of the run in \(parent), "
                    + "which would be replaced: write it elsewhere")
            }
            for other in outputs[..<index] + inputs where sameFile(output.url, other.url) {
                throw SynapticRLError.invalidParameter("\(output.flag) and \(other.flag) name the same file \(output.url.path)")
            }
            try AtomicFile.checkWritable(output.url)
        }
    }

    /// The absolute path with its folder's symlinks resolved (the file itself need not exist).
    static func canonical(_ url: URL) -> String {
        let absolute = url.standardizedFileURL
        return absolute.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(absolute.lastPathComponent).path
    }

    /// Two names of one regular file (or of one file to be): the same canonical path, or the same inode. Devices
    /// and FIFOs may take several outputs (`/dev/null` twice is fine).
    static func sameFile(_ a: URL, _ b: URL) -> Bool {
        var first = stat(), second = stat()
        let firstExists = stat(a.path, &first) == 0, secondExists = stat(b.path, &second) == 0
        if firstExists && first.st_mode & S_IFMT != S_IFREG { return false }
        if firstExists && secondExists { return first.st_dev == second.st_dev && first.st_ino == second.st_ino }
        return canonical(a) == canonical(b)
    }
}
