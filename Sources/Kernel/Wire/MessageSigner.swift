import Crypto

/// Signs and verifies messages with HMAC-SHA256 over the four JSON parts, as
/// jupyter_client's Session does. An empty key turns signing off.
public struct MessageSigner: Sendable {
    /// The only `signature_scheme` this kernel speaks.
    public static let supportedSchemes = ["hmac-sha256"]

    /// HMAC-SHA256 (RFC 2104) with its two pads already hashed: copied for each message
    /// rather than keyed again. Built on SHA256's `update(bufferPointer:)`, because
    /// swift-crypto's `HMAC.update(data:)` reaches the hash through unspecialised
    /// `DataProtocol` code that cost more than the hashing itself (a third of the
    /// shell thread's time for a trivial cell). Immutable values only ever copied, so
    /// sharing them is safe though swift-crypto does not mark them `Sendable` on Linux.
    private nonisolated(unsafe) let pads: (inner: SHA256, outer: SHA256)?

    /// A signer for `key`; `scheme` must be one of `supportedSchemes` unless the key is empty.
    public init(scheme: String, key: [UInt8]) throws(ConnectionError) {
        if key.isEmpty {
            pads = nil
            return
        }
        guard MessageSigner.supportedSchemes.contains(scheme) else {
            throw .unsupportedSignatureScheme(scheme, supported: MessageSigner.supportedSchemes)
        }
        // Keys longer than SHA-256's 64-byte block are hashed first, then zero-padded.
        var block = key.count > 64 ? Array(SHA256.hash(data: key)) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = SHA256()
        var outer = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        outer.update(data: block.map { $0 ^ 0x5c })
        pads = (inner, outer)
    }

    /// Whether messages carry and need signatures.
    public var isSigning: Bool { pads != nil }

    /// The lowercase hex signature of the parts (empty when signing is off).
    public func signature(of parts: [[UInt8]]) -> [UInt8] {
        guard var (inner, outer) = pads else { return [] }
        for part in parts { part.withUnsafeBytes { inner.update(bufferPointer: $0) } }
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize().withUnsafeBytes { MessageSigner.hex($0) }
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

    private static func hex(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }
}
