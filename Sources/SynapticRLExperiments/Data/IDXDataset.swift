import Foundation
import SynapticRL

/// A folder of IDX files in the MNIST naming: `<prefix>-images-idx3-ubyte[.gz]` with its
/// `<prefix>-labels-idx1-ubyte[.gz]`; the `train` pair is required, the `t10k` (test) pair optional.
package enum IDXDataset {
    /// Where Debian's `dataset-fashion-mnist` package puts Fashion-MNIST: the default data set.
    public static let debianFashionMNIST = "/usr/share/datasets/fashion-mnist"

    /// Fashion-MNIST's class names (Xiao, Rasul & Vollgraf 2017), in label order.
    public static let fashionClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    /// Whether `folder` holds a training pair.
    public static func recognizes(_ folder: URL) -> Bool {
        file(in: folder, prefix: "train", kind: "images-idx3") != nil
    }

    /// The training pair and, if present, the test pair. The training labels define the classes (0...max, each
    /// with images: `LabeledImages.classCount`); the test split shares them, so its labels must be training
    /// classes, but a small test split need not show every class (its scores count the images it has).
    public static func load(_ folder: URL) throws -> (train: LabeledImages, test: LabeledImages?) {
        let name = folder.lastPathComponent
        let train = try loadPair(folder, prefix: "train")
        let classCount = try LabeledImages.classCount(labels: train.labels, what: "\(train.labelsURL.path)")
        let isFashion = folder.path.lowercased().contains("fashion") && classCount == 10
        let classNames = isFashion ? fashionClassNames : (0..<classCount).map(String.init)
        let trainImages = try LabeledImages(name: isFashion ? "Fashion-MNIST" : name, width: train.width, height: train.height,
                                            pixels: train.pixels, labels: train.labels, classNames: classNames)
        guard file(in: folder, prefix: "t10k", kind: "images-idx3") != nil else { return (trainImages, nil) }
        let test = try loadPair(folder, prefix: "t10k")
        if test.width != train.width || test.height != train.height {
            throw SynapticRLError.invalidData("\(folder.path): test images are \(test.width)×\(test.height), training images \(train.width)×\(train.height)")
        }
        if let bad = test.labels.first(where: { Int($0) >= classCount }) {
            throw SynapticRLError.invalidData("\(test.labelsURL.path): label \(bad) is not a training class (0...\(classCount - 1))")
        }
        let testImages = try LabeledImages(name: (isFashion ? "Fashion-MNIST" : name) + " (test)", width: test.width,
                                           height: test.height, pixels: test.pixels, labels: test.labels, classNames: classNames)
        return (trainImages, testImages)
    }

    static func file(in folder: URL, prefix: String, kind: String) -> URL? {
        for suffix in ["", ".gz"] {
            let url = folder.appendingPathComponent("\(prefix)-\(kind)-ubyte\(suffix)")
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    /// One images/labels pair, its sizes checked against each other; classes are the caller's.
    static func loadPair(_ folder: URL, prefix: String)
        throws -> (width: Int, height: Int, pixels: [UInt8], labels: [UInt8], labelsURL: URL) {
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
        return (images.dimensions[2], images.dimensions[1], images.bytes, labels.bytes, labelsURL)
    }
}
