import Foundation
import XCTest

@testable import Kernel

final class ConnectionInfoTests: XCTestCase {
    private let file = #"""
        {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
         "ip": "127.0.0.1", "key": "k3y", "transport": "tcp", "signature_scheme": "hmac-sha256",
         "kernel_name": "backprop"}
        """#

    func testReadsPortsKeyAndEndpoints() throws {
        let info = try ConnectionInfo(json: Array(file.utf8))
        XCTAssertEqual(
            [info.shellPort, info.iopubPort, info.stdinPort, info.controlPort, info.heartbeatPort],
            [1, 2, 3, 4, 5])
        XCTAssertEqual(info.key, Array("k3y".utf8))
        XCTAssertEqual(info.endpoint(port: info.shellPort), "tcp://127.0.0.1:1")
        XCTAssertTrue(try info.makeSigner().isSigning)
    }

    func testErrorsNameTheProblem() {
        let cases: [(json: String, error: ConnectionError)] = [
            (#"{"shell_port": 1}"#, .missingField("control_port", path: "c.json")),
            (
                file.replacingOccurrences(of: "\"tcp\"", with: "\"udp\""),
                .unsupportedTransport("udp", supported: ["tcp", "ipc"])
            ),
        ]
        for (json, expected) in cases {
            XCTAssertThrowsError(try ConnectionInfo(json: Array(json.utf8), path: "c.json")) { error in
                XCTAssertEqual(error as? ConnectionError, expected)
            }
        }
        XCTAssertThrowsError(try ConnectionInfo(contentsOf: "/nonexistent/c.json")) { error in
            guard case .unreadableFile(let path, _) = error as? ConnectionError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(path, "/nonexistent/c.json")
        }
    }
}

final class KernelspecTests: XCTestCase {
    func testInstallWritesKernelJSONAndLogosUnderThePrefix() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bp-prefix-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let directory = try Kernelspec.install(
            name: "bp-test", binary: "/opt/bin/backprop", at: .prefix(prefix.path))
        XCTAssertEqual(directory.path, prefix.path + "/share/jupyter/kernels/bp-test")

        let json = try JSONValue.parse(
            Array(try Data(contentsOf: directory.appendingPathComponent("kernel.json"))))
        XCTAssertEqual(json["argv"], ["/opt/bin/backprop", "kernel", "-f", "{connection_file}"])
        XCTAssertEqual(json["interrupt_mode"], "message")
        XCTAssertEqual(json["language"], "backprop")
        XCTAssertEqual(json["display_name"], "Backprop")

        let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        for logo in ["logo-32x32.png", "logo-64x64.png"] {
            let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(logo)))
            XCTAssertEqual(Array(bytes.prefix(8)), pngSignature, logo)
        }
        let svg = try String(contentsOf: directory.appendingPathComponent("logo-svg.svg"), encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<svg"))
    }

    func testUserLocationFollowsJupyterDataDir() {
        XCTAssertEqual(
            Kernelspec.directory(name: "backprop", at: .user, environment: ["JUPYTER_DATA_DIR": "/j"]).path,
            "/j/kernels/backprop")
    }
}
