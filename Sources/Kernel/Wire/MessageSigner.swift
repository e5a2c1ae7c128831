import Crypto

/// Signs and verifies messages with HMAC-SHA256 over the four JSON parts, as
/// jupyter_client's Session does. An empty key turns signing off.
public struct MessageSigner: Sendable {
    /// The only `signature_scheme` this kernel speaks.
    public static let supportedSchemes = ["hmac-sha256"]

    /// HMAC already keyed (its inner and outer pads hashed), copied for each message
    /// rather than keyed again. It is an immutable value that is only ever copied, so
    /// sharing it is safe though swift-crypto does not mark it `Sendable` on Linux.
    private nonisolated(unsafe) let keyed: HMAC<SHA256>?

    /// A signer for `key`; `scheme` must be one of `supportedSchemes` unless the key is empty.
    public init(scheme: String, key: [UInt8]) throws(ConnectionError) {
        if key.isEmpty {
            keyed = nil
            return
        }
        guard MessageSigner.supportedSchemes.contains(scheme) else {
            throw .unsupportedSignatureScheme(scheme, supported: MessageSigner.supportedSchemes)
        }
        keyed = HMAC<SHA256>(key: SymmetricKey(data: key))
    }

    /// Whether messages carry and need signatures.
    public var isSigning: Bool { keyed != nil }

    /// The lowercase hex signature of the parts (empty when signing is off).
    public func signature(of parts: [[UInt8]]) -> [UInt8] {
        guard var hmac = keyed else { return [] }
        for part in parts { hmac.update(data: part) }
        return MessageSigner.hex(Array(hmac.finalize()))
    }

    /// Whether `signature` is the right one for `parts`; constant time in the signature's content.
    public func isValid(signature: [UInt8], for parts: [[UInt8]]) -> Bool {
        guard isSigning else { return true }
        let expected = self.signature(of: parts)
        guard signature.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (given, wanted) in zip(signature, expected) { difference |= given ^ wanted }
        return difference == 0
    }

    private static let digits = Array("0123456789abcdef".utf8)

    private static func hex(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }
}
