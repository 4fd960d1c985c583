import Foundation

/// What `--data PATH` names, detected from the path itself; no path means Debian's Fashion-MNIST.
public enum DataSource {
    public struct Loaded: Sendable {
        public let path: String
        public let train: LabeledImages
        public let test: LabeledImages?
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
        if isFolder.boolValue && IDXDataset.recognizes(url) {
            let (train, test) = try IDXDataset.load(url)
            return Loaded(path: url.path, train: train, test: test)
        }
        throw SynapticRLError.invalidData(
            "cannot detect a data set at \(chosen): expected a folder holding train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz]")
    }
}
