import Foundation

/// The connection file Jupyter writes for a kernel: where to bind and how to sign.
public struct ConnectionInfo: Sendable, Equatable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var controlPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var heartbeatPort: Int
    public var signatureScheme: String
    public var key: [UInt8]

    public init(
        transport: String = "tcp", ip: String = "127.0.0.1", shellPort: Int, controlPort: Int,
        iopubPort: Int, stdinPort: Int, heartbeatPort: Int, signatureScheme: String = "hmac-sha256",
        key: [UInt8]
    ) {
        self.transport = transport
        self.ip = ip
        self.shellPort = shellPort
        self.controlPort = controlPort
        self.iopubPort = iopubPort
        self.stdinPort = stdinPort
        self.heartbeatPort = heartbeatPort
        self.signatureScheme = signatureScheme
        self.key = key
    }

    /// Reads and checks a connection file.
    public init(contentsOf path: String) throws(ConnectionError) {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .unreadableFile(path: path, reason: error.localizedDescription)
        }
        try self.init(json: bytes, path: path)
    }

    /// Parses connection-file JSON; `path` names the file in errors.
    public init(json bytes: [UInt8], path: String = "<connection>") throws(ConnectionError) {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            throw .invalidJSON(path: path, error)
        }
        func port(_ field: String) throws(ConnectionError) -> Int {
            guard let value = document[field]?.intValue else { throw .missingField(field, path: path) }
            return value
        }
        transport = document["transport"]?.stringValue ?? "tcp"
        ip = document["ip"]?.stringValue ?? "127.0.0.1"
        shellPort = try port("shell_port")
        controlPort = try port("control_port")
        iopubPort = try port("iopub_port")
        stdinPort = try port("stdin_port")
        heartbeatPort = try port("hb_port")
        signatureScheme = document["signature_scheme"]?.stringValue ?? "hmac-sha256"
        key = Array((document["key"]?.stringValue ?? "").utf8)
        guard ["tcp", "ipc"].contains(transport) else {
            throw .unsupportedTransport(transport, supported: ["tcp", "ipc"])
        }
    }

    /// The ZeroMQ endpoint for a port, such as `tcp://127.0.0.1:5555`.
    public func endpoint(port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }

    /// A signer for this file's key and scheme.
    public func makeSigner() throws(ConnectionError) -> MessageSigner {
        try MessageSigner(scheme: signatureScheme, key: key)
    }
}
