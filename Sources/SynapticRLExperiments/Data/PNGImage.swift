import Foundation
import CPNG
import SynapticRL

/// 8-bit grayscale images through libpng's simplified API: the only importer of CPNG.
package enum PNGImage {
    /// The pixels of a PNG of any colour type, converted to 8-bit gray, row-major.
    public static func decodeGray(_ data: Data, what: String) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        guard !data.isEmpty else { throw SynapticRLError.invalidData("\(what): empty file") }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        let began = data.withUnsafeBytes { bytes in
            png_image_begin_read_from_memory(&image, bytes.baseAddress, bytes.count)
        }
        guard began != 0 else { throw SynapticRLError.invalidData("\(what): not a readable PNG (\(message(of: image)))") }
        image.format = UInt32(PNG_FORMAT_GRAY)
        let (width, height) = (Int(image.width), Int(image.height))
        guard width >= 1, height >= 1, width * height <= 1 << 26 else {
            throw SynapticRLError.invalidData("\(what): implausible PNG size \(width)×\(height)")
        }
        var pixels = [UInt8](repeating: 0, count: width * height)
        let finished = pixels.withUnsafeMutableBytes { out in
            data.withUnsafeBytes { _ in png_image_finish_read(&image, nil, out.baseAddress, Int32(width), nil) }
        }
        guard finished != 0 else { throw SynapticRLError.invalidData("\(what): corrupt PNG (\(message(of: image)))") }
        return (width, height, pixels)
    }

    /// A gray PNG of `pixels` (width × height, row-major); tests write fixtures with it.
    public static func encodeGray(width: Int, height: Int, pixels: [UInt8]) throws -> Data {
        precondition(pixels.count == width * height, "pixel count does not match the size")
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = UInt32(PNG_FORMAT_GRAY)
        var size: Int = 0
        guard png_image_write_to_memory(&image, nil, &size, 0, pixels, Int32(width), nil) != 0 else {
            throw SynapticRLError.io("libpng could not size a PNG: \(message(of: image))")
        }
        var output = [UInt8](repeating: 0, count: size)
        guard png_image_write_to_memory(&image, &output, &size, 0, pixels, Int32(width), nil) != 0 else {
            throw SynapticRLError.io("libpng could not write a PNG: \(message(of: image))")
        }
        return Data(output[0..<size])
    }

    private static func message(of image: png_image) -> String {
        var copy = image.message
        return withUnsafeBytes(of: &copy) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
