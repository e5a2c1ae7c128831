/// Turns ZeroMQ multipart frames into verified messages and back.
///
/// Verification comes before parsing: a message whose signature is missing, wrong
/// or replayed is dropped without its JSON ever being read.
public struct WireCodec: Sendable {
    /// The frame that separates routing identities from the message.
    public static let delimiter = Array("<IDS|MSG>".utf8)

    public let signer: MessageSigner
    private let replays: ReplayGuard

    public init(signer: MessageSigner, replays: ReplayGuard = ReplayGuard()) {
        self.signer = signer
        self.replays = replays
    }

    /// Decodes and verifies one incoming multipart message.
    public func decode(_ frames: [[UInt8]]) throws(WireError) -> Message {
        guard let split = frames.firstIndex(of: WireCodec.delimiter) else {
            throw .missingDelimiter(frameCount: frames.count)
        }
        let body = frames[(split + 1)...]
        guard body.count >= 5 else { throw .tooFewFrames(found: body.count, needed: 5) }
        let signature = body[body.startIndex]
        let parts = Array(body[(body.startIndex + 1)..<(body.startIndex + 5)])

        if signer.isSigning {
            guard !signature.isEmpty else { throw .missingSignature }
            guard signer.isValid(signature: signature, for: parts) else {
                throw .badSignature(length: signature.count, expectedLength: 64)
            }
            guard replays.admit(signature) else { throw .replayedSignature }
        }

        let names = ["header", "parent_header", "metadata", "content"]
        var values: [JSONValue] = []
        for (name, part) in zip(names, parts) {
            do {
                values.append(try JSONValue.parse(part))
            } catch {
                throw .invalidJSON(part: name, error)
            }
        }
        let header = values[0]
        guard header["msg_id"]?.stringValue != nil else { throw .invalidHeader(missing: "msg_id") }
        guard header["msg_type"]?.stringValue != nil else { throw .invalidHeader(missing: "msg_type") }
        return Message(
            identities: Array(frames[..<split]), header: header,
            parentHeader: values[1].objectValue == nil ? [:] : values[1],
            metadata: values[2].objectValue == nil ? [:] : values[2],
            content: values[3].objectValue == nil ? [:] : values[3],
            buffers: Array(body.dropFirst(5)))
    }

    /// The frames of an outgoing message, signed.
    public func encode(_ message: Message) -> [[UInt8]] {
        let parts = [
            message.header.serialized(), message.parentHeader.serialized(),
            message.metadata.serialized(), message.content.serialized(),
        ]
        return message.identities + [WireCodec.delimiter, signer.signature(of: parts)] + parts
            + message.buffers
    }
}
