import Crypto
import Foundation
import XCTest

@testable import Kernel

final class WireCodecTests: XCTestCase {
    private let key = Array("secret".utf8)
    private let delimiter = WireCodec.delimiter

    private func parts(_ header: String = #"{"msg_id":"m1","msg_type":"kernel_info_request"}"#) -> [[UInt8]] {
        [Array(header.utf8), Array("{}".utf8), Array("{}".utf8), Array("{}".utf8)]
    }

    private func codec() throws -> WireCodec {
        WireCodec(signer: try MessageSigner(scheme: "hmac-sha256", key: key))
    }

    func testSignatureMatchesJupyterClient() throws {
        // Computed with Python's hmac over the same four parts.
        let signer = try MessageSigner(scheme: "hmac-sha256", key: key)
        let parts = [Array(#"{"a":1}"#.utf8), Array("{}".utf8), Array("{}".utf8), Array("{}".utf8)]
        XCTAssertEqual(
            String(decoding: signer.signature(of: parts), as: UTF8.self),
            "5439160579203ae5952244a353b0f81b6ca58a3fb44727217799b393ee79601c")
    }

    /// The signer's own HMAC against swift-crypto's, for keys shorter than, equal to and
    /// longer than SHA-256's 64-byte block, and parts of many lengths.
    func testSignatureEqualsSwiftCryptoHMACForEveryKeyLength() throws {
        var generator = SystemRandomNumberGenerator()
        for keyLength in [1, 16, 32, 63, 64, 65, 100, 200] {
            let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let signer = try MessageSigner(scheme: "hmac-sha256", key: key)
            for partLength in [0, 1, 55, 56, 64, 119, 1000] {
                let parts = (0..<4).map { index in
                    (0..<(partLength + index)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                }
                var reference = HMAC<SHA256>(key: SymmetricKey(data: key))
                for part in parts { reference.update(data: part) }
                let expected = reference.finalize().map { String(format: "%02x", $0) }.joined()
                XCTAssertEqual(
                    String(decoding: signer.signature(of: parts), as: UTF8.self), expected,
                    "key of \(keyLength) bytes, parts of \(partLength)")
            }
        }
    }

    func testGoodSignatureDecodesWithIdentitiesAndBuffers() throws {
        let codec = try codec()
        let signature = codec.signer.signature(of: parts())
        let frames = [Array("peer".utf8), delimiter, signature] + parts() + [[1, 2, 3]]
        let message = try codec.decode(frames)
        XCTAssertEqual(message.type, "kernel_info_request")
        XCTAssertEqual(message.id, "m1")
        XCTAssertEqual(message.identities, [Array("peer".utf8)])
        XCTAssertEqual(message.buffers, [[1, 2, 3]])
    }

    func testRejections() throws {
        let codec = try codec()
        let good = codec.signer.signature(of: parts())
        var wrong = good
        wrong[0] = wrong[0] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        let badJSON = parts(#"{"msg_id": "#)
        let noType = parts(#"{"msg_id":"m2"}"#)
        let cases: [(name: String, frames: [[UInt8]], error: WireError)] = [
            ("no delimiter", [[1]] + parts(), .missingDelimiter(frameCount: 5)),
            ("too few", [delimiter, good] + parts().prefix(2), .tooFewFrames(found: 3, needed: 5)),
            ("missing", [delimiter, []] + parts(), .missingSignature),
            ("bad", [delimiter, wrong] + parts(), .badSignature(length: 64, expectedLength: 64)),
            (
                "short", [delimiter, Array(good.dropLast())] + parts(),
                .badSignature(length: 63, expectedLength: 64)
            ),
            ("long", [delimiter, good + [48]] + parts(), .badSignature(length: 65, expectedLength: 64)),
            (
                "bad JSON", [delimiter, codec.signer.signature(of: badJSON)] + badJSON,
                .invalidJSON(part: "header", JSONParseError(reason: "unexpected end of input", offset: 11))
            ),
            (
                "no type", [delimiter, codec.signer.signature(of: noType)] + noType,
                .invalidHeader(missing: "msg_type")
            ),
        ]
        for (name, frames, expected) in cases {
            XCTAssertThrowsError(try codec.decode(frames), name) { error in
                XCTAssertEqual(error as? WireError, expected, name)
            }
        }
    }

    func testReplayedSignatureIsDropped() throws {
        let codec = try codec()
        let frames = [delimiter, codec.signer.signature(of: parts())] + parts()
        XCTAssertNoThrow(try codec.decode(frames))
        XCTAssertThrowsError(try codec.decode(frames)) { error in
            XCTAssertEqual(error as? WireError, .replayedSignature)
        }
    }

    func testEmptyKeyMeansNoSigning() throws {
        let codec = WireCodec(signer: try MessageSigner(scheme: "anything", key: []))
        XCTAssertFalse(codec.signer.isSigning)
        let message = try codec.decode([delimiter, []] + parts())
        XCTAssertEqual(message.id, "m1")
        XCTAssertEqual(codec.encode(message)[1], [], "outgoing signature is empty")
    }

    func testUnsupportedSchemeIsRefusedWithTheChoices() {
        XCTAssertThrowsError(try MessageSigner(scheme: "hmac-md5", key: key)) { error in
            XCTAssertEqual(
                error as? ConnectionError, .unsupportedSignatureScheme("hmac-md5", supported: ["hmac-sha256"])
            )
        }
    }

    func testEncodeThenDecodeRoundTrips() throws {
        let sender = try codec()
        let receiver = try codec()
        let factory = MessageFactory(session: "s")
        var message = factory.broadcast(
            type: "stream", content: ["name": "stdout", "text": "é😀\n\"q\""], parent: nil)
        message.identities = [Array("topic".utf8)]
        message.metadata = ["k": [1, 2.5, true, nil]]
        let decoded = try receiver.decode(sender.encode(message))
        XCTAssertEqual(decoded, message)
    }

    func testReplayGuardForgetsTheOldestPastItsCapacity() {
        let guardian = ReplayGuard(capacity: 2)
        XCTAssertTrue(guardian.admit([1]))
        XCTAssertTrue(guardian.admit([2]))
        XCTAssertFalse(guardian.admit([2]))
        XCTAssertTrue(guardian.admit([3]))
        XCTAssertEqual(guardian.count, 2)
        XCTAssertTrue(guardian.admit([1]), "the oldest was forgotten")
        XCTAssertFalse(guardian.admit([3]))
    }
}
