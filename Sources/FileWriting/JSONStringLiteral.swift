/// `text` as a JSON string literal (RFC 8259): quotes, backslashes and control characters
/// escaped, everything else as it is. Every JSON the project writes quotes its strings with
/// it: safetensors headers, JSON exports, the bridge's files and the kernel's wire messages.
public func jsonStringLiteral(_ text: String) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count + 2)
    appendJSONStringLiteral(text, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// Appends `text` as a JSON string literal to `out`, copying the runs that need no escape in
/// one go (the kernel encodes every message this way, so it is the fast path).
public func appendJSONStringLiteral(_ text: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { bytes in
        var runStart = 0
        for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            runStart = index + 1
            out.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "t"))
            default:
                out.append(contentsOf: "u00".utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }
    out.append(UInt8(ascii: "\""))
}

private let hexDigits = Array("0123456789abcdef".utf8)
