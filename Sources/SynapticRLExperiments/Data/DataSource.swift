import Foundation
import SynapticRL

/// What `--data PATH` names, detected from the path itself; no path means Debian's Fashion-MNIST.
public enum DataSource {
    public struct Loaded: Sendable {
        public let path: String
        public let train: LabeledImages
        public let test: LabeledImages?
        /// Files that could not be read and were left out, with the reason.
        public var skipped: [String] = []

        /// A data set from memory (images built by `LabeledImages`), named by `path` in run records. A test split
        /// must have the training set's image size and classes.
        public init(path: String, train: LabeledImages, test: LabeledImages? = nil, skipped: [String] = []) throws {
            if let test {
                guard test.width == train.width, test.height == train.height, test.classNames == train.classNames else {
                    throw SynapticRLError.invalidData("\(test.name): its images or classes differ from \(train.name)'s")
                }
            }
            (self.path, self.train, self.test, self.skipped) = (path, train, test, skipped)
        }
    }

    public static func load(path: String?) throws -> Loaded {
        let chosen = path ?? IDXDataset.debianFashionMNIST
        let url = URL(fileURLWithPath: chosen)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            if path == nil {
                throw SynapticRLError.io("the default data set is missing: \(chosen) (install Debian's dataset-fashion-mnist, or run make deps)")
            }
            throw SynapticRLError.io("cannot read data set \(chosen): no such file or folder")
        }
        let lowered = url.lastPathComponent.lowercased()
        if isFolder.boolValue && IDXDataset.recognizes(url) {
            let (train, test) = try IDXDataset.load(url)
            return try Loaded(path: url.path, train: train, test: test)
        } else if isFolder.boolValue && LetterFolderDataset.classFolders(in: url) != nil {
            let (images, skipped) = try LetterFolderDataset.load(folder: url)
            return try Loaded(path: url.path, train: images, test: nil, skipped: skipped)
        } else if !isFolder.boolValue && [".tar.gz", ".tgz", ".tar"].contains(where: lowered.hasSuffix) {
            let (images, skipped) = try LetterFolderDataset.load(archive: url)
            return try Loaded(path: url.path, train: images, test: nil, skipped: skipped)
        } else if !isFolder.boolValue && lowered.hasSuffix(".npz") {
            return try Loaded(path: url.path, train: try NPZDataset.load(url), test: nil)
        }
        throw SynapticRLError.invalidData("cannot detect a data set at \(chosen): expected a folder of IDX files "
            + "(train-images-idx3-ubyte[.gz] …), a folder of class folders of PNGs, a .tar.gz of those, or an .npz")
    }
}
