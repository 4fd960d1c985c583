import Foundation
import SynapticRL

/// notMNIST as users download it: a folder of class folders of PNGs, or its .tar.gz read directly.
package enum LetterFolderDataset {
    /// The class folders of `folder`, or of its single subfolder (an extracted archive's top folder).
    public static func classFolders(in folder: URL) -> (root: URL, classes: [String])? {
        let manager = FileManager.default
        func subfolders(_ url: URL) -> [String] {
            ((try? manager.contentsOfDirectory(atPath: url.path)) ?? []).filter { name in
                var isFolder: ObjCBool = false
                return !name.hasPrefix(".") && manager.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isFolder)
                    && isFolder.boolValue
            }.sorted()
        }
        func holdsPNGs(_ url: URL) -> Bool {
            ((try? manager.contentsOfDirectory(atPath: url.path)) ?? []).contains { $0.lowercased().hasSuffix(".png") }
        }
        let direct = subfolders(folder)
        if !direct.isEmpty, direct.allSatisfy({ holdsPNGs(folder.appendingPathComponent($0)) }) { return (folder, direct) }
        if direct.count == 1 { return classFolders(in: folder.appendingPathComponent(direct[0])) }
        return nil
    }

    public static func load(folder: URL) throws -> (images: LabeledImages, skipped: [String]) {
        guard let (root, classes) = classFolders(in: folder) else {
            throw SynapticRLError.invalidData("\(folder.path): no class folders of PNG images")
        }
        var collector = LetterImageCollector(source: root.path)
        for name in classes {
            let classFolder = root.appendingPathComponent(name)
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: classFolder.path)) ?? [])
                .filter { !$0.hasPrefix(".") }.sorted()
            for file in files {
                let url = classFolder.appendingPathComponent(file)
                // Regular files only (a symlink to one is fine): a FIFO would block and /dev/zero never end.
                var info = stat()
                guard stat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                    try collector.add(className: name, fileName: file, bytes: Data())  // skipped, with its reason
                    continue
                }
                guard info.st_size <= LetterImageCollector.largestFile else {
                    throw SynapticRLError.invalidData(
                        "\(root.path): \("\(name)/\(file)".oneLine) is \(info.st_size) bytes, more than the \(LetterImageCollector.largestFile) an image file may hold; refused")
                }
                let bytes = try AtomicFile.read(url, what: "image", limit: LetterImageCollector.largestFile)
                try collector.add(className: name, fileName: file, bytes: bytes)
            }
        }
        return try collector.finish(classNames: classes)
    }

    /// The same from a (gzip) tar archive: entries `…/<class>/<file>`, class = the file's folder. Entries are
    /// capped as files are on disk, and the archive at `largestArchive` bytes of files in all.
    public static func load(archive url: URL) throws -> (images: LabeledImages, skipped: [String]) {
        var collector = LetterImageCollector(source: url.path)
        var classes = Set<String>()
        try TarArchive.forEachFile(in: url, largestEntry: LetterImageCollector.largestFile, largestTotal: largestArchive) { path, bytes in
            let parts = path.split(separator: "/").map(String.init)
            guard parts.count >= 2, !parts.last!.hasPrefix(".") else { return }
            let className = parts[parts.count - 2]
            classes.insert(className)
            try collector.add(className: className, fileName: parts.last!, bytes: bytes)
        }
        return try collector.finish(classNames: classes.sorted())
    }

    /// The most file bytes a letter archive may hold in all: 2 GiB, five times notMNIST large (~0.4 GB of
    /// PNGs), the largest real set read this way; it bounds the time a bomb of many capped entries can take.
    static let largestArchive = 2 << 30
}
