import Crypto
import Foundation

/// The SHA-256 of a file's bytes as `sha256sum` prints it, for the policy a run folder records. swift-crypto's
/// (the Swift project's own, BoringSSL underneath on Linux), as Foundation on Linux has no CryptoKit.
package enum FileDigest {
    /// 64 lowercase hex digits.
    package static func sha256Hex(of data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
