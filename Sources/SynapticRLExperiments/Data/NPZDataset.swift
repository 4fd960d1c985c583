import Foundation
import SynapticRL
import ZIPFoundation

/// The authors' `notMNIST.npz`: a zip of `images.npy` (uint8, (N, rows, columns)) and `labels.npy` (integers).
package enum NPZDataset {
    public static let letterNames = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]

    /// The most bytes one member may inflate to: 512 MiB, above notMNIST large's 415 MB of uint8 images
    /// (529,114 of 28×28), the largest real set. A zip member is a claim like any other: a small file can
    /// inflate to gigabytes, and its declared size may lie, so extraction stops at this cap whatever it says.
    static let largestMember = 512 << 20

    public static func load(_ url: URL) throws -> LabeledImages {
        // Always from a file: ZIPFoundation's in-memory archives trap on a seek past their end, which a corrupt
        // zip can ask for.
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw SynapticRLError.invalidData("\(url.path): not a readable .npz (zip) archive")
        }
        let what = url.path
        let images = try NPYArray.decodeBytes(try member("images", of: archive, what: what), what: "\(what) images.npy")
        let labels = try NPYArray.decodeBytes(try member("labels", of: archive, what: what), what: "\(what) labels.npy")
        guard images.shape.count == 3 else {
            throw SynapticRLError.invalidData("\(what): images must be (N, rows, columns), found shape \(images.shape)")
        }
        guard labels.shape.count == 1, labels.shape[0] == images.shape[0] else {
            throw SynapticRLError.invalidData("\(what): \(images.shape[0]) images but labels of shape \(labels.shape)")
        }
        let classCount = try LabeledImages.classCount(labels: labels.bytes, what: what)
        let names = classCount <= letterNames.count ? Array(letterNames.prefix(classCount)) : (0..<classCount).map(String.init)
        return try LabeledImages(name: url.deletingPathExtension().lastPathComponent, width: images.shape[2],
                                 height: images.shape[1], pixels: images.bytes, labels: labels.bytes, classNames: names)
    }

    /// The inflated bytes of `<name>.npy`, refused before extraction when its declared size passes the cap, and
    /// during it as soon as the bytes pass the cap or the declared size (which may lie).
    private static func member(_ name: String, of archive: Archive, what: String) throws -> Data {
        guard let entry = archive["\(name).npy"] else { throw SynapticRLError.invalidData("\(what): no \(name).npy inside") }
        // ZIPFoundation reads a symlink entry whole, sized by its header: only plain files are extracted.
        guard entry.type == .file else { throw SynapticRLError.invalidData("\(what): \(name).npy is not a plain file") }
        let declared = entry.uncompressedSize
        guard declared <= UInt64(largestMember) else {
            throw SynapticRLError.invalidData("\(what): \(name).npy declares \(declared) bytes, more than the \(largestMember) a member may hold")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry) { chunk in
                guard chunk.count <= Int(declared) - data.count else {
                    throw SynapticRLError.invalidData("\(what): \(name).npy inflates past the \(declared) bytes it declares")
                }
                data.append(chunk)
            }
        } catch let error as SynapticRLError {
            throw error
        } catch {
            throw SynapticRLError.invalidData("\(what): \(name).npy is corrupt or truncated")
        }
        return data
    }
}
