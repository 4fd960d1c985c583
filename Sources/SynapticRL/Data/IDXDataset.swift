import Foundation

/// A folder of IDX files in the MNIST naming: `<prefix>-images-idx3-ubyte[.gz]` with its
/// `<prefix>-labels-idx1-ubyte[.gz]`; the `train` pair is required, the `t10k` (test) pair optional.
public enum IDXDataset {
    /// Where Debian's `dataset-fashion-mnist` package puts Fashion-MNIST: the default data set.
    public static let debianFashionMNIST = "/usr/share/datasets/fashion-mnist"

    /// Fashion-MNIST's class names (Xiao, Rasul & Vollgraf 2017), in label order.
    public static let fashionClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    /// Whether `folder` holds a training pair.
    public static func recognizes(_ folder: URL) -> Bool {
        file(in: folder, prefix: "train", kind: "images-idx3") != nil
    }

    /// The training pair and, if present, the test pair.
    public static func load(_ folder: URL) throws -> (train: LabeledImages, test: LabeledImages?) {
        let name = folder.lastPathComponent
        let train = try loadPair(folder, prefix: "train", name: name)
        let test = file(in: folder, prefix: "t10k", kind: "images-idx3") == nil
            ? nil : try loadPair(folder, prefix: "t10k", name: name + " (test)")
        if let test, test.width != train.width || test.height != train.height {
            throw SynapticRLError.invalidData("\(folder.path): test images are \(test.width)×\(test.height), training images \(train.width)×\(train.height)")
        }
        return (train, test)
    }

    static func file(in folder: URL, prefix: String, kind: String) -> URL? {
        for suffix in ["", ".gz"] {
            let url = folder.appendingPathComponent("\(prefix)-\(kind)-ubyte\(suffix)")
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    static func loadPair(_ folder: URL, prefix: String, name: String) throws -> LabeledImages {
        guard let imagesURL = file(in: folder, prefix: prefix, kind: "images-idx3") else {
            throw SynapticRLError.invalidData("\(folder.path): no \(prefix)-images-idx3-ubyte[.gz]")
        }
        guard let labelsURL = file(in: folder, prefix: prefix, kind: "labels-idx1") else {
            throw SynapticRLError.invalidData("\(folder.path): no \(prefix)-labels-idx1-ubyte[.gz] beside \(imagesURL.lastPathComponent)")
        }
        let images = try IDXFile.load(from: imagesURL)
        let labels = try IDXFile.load(from: labelsURL)
        guard images.dimensions.count == 3 else {
            throw SynapticRLError.invalidData("\(imagesURL.path): images need 3 dimensions (count, rows, columns), found \(images.dimensions.count)")
        }
        guard labels.dimensions.count == 1 else {
            throw SynapticRLError.invalidData("\(labelsURL.path): labels need 1 dimension, found \(labels.dimensions.count)")
        }
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw SynapticRLError.invalidData(
                "\(imagesURL.lastPathComponent) holds \(images.dimensions[0]) images but \(labelsURL.lastPathComponent) \(labels.dimensions[0]) labels")
        }
        let classCount = max(Int(labels.bytes.max() ?? 0) + 1, 2)
        let isFashion = folder.path.lowercased().contains("fashion") && classCount == 10
        let classNames = isFashion ? fashionClassNames : (0..<classCount).map(String.init)
        if let bad = labels.bytes.first(where: { isFashion && Int($0) >= 10 }) {
            throw SynapticRLError.invalidData("\(labelsURL.path): label \(bad) out of range 0...9")
        }
        return try LabeledImages(name: isFashion ? "Fashion-MNIST" + (prefix == "t10k" ? " (test)" : "") : name, width: images.dimensions[2],
                                 height: images.dimensions[1], pixels: images.bytes, labels: labels.bytes,
                                 classNames: classNames)
    }
}
