import Foundation

/// The kernelspec Jupyter reads to start Backprop: `kernel.json` and the logos.
public enum Kernelspec {
    /// The kernelspec name notebooks refer to.
    public static let defaultName = "backprop"

    /// Where a kernelspec goes.
    public enum Location: Sendable, Equatable {
        /// Jupyter's user data directory (`$JUPYTER_DATA_DIR`, else `~/.local/share/jupyter`).
        case user
        /// `PREFIX/share/jupyter/kernels`, as `jupyter kernelspec install --prefix` does.
        case prefix(String)
    }

    /// Why the kernelspec could not be written.
    public struct InstallError: Error, Sendable, CustomStringConvertible {
        public var directory: String
        public var reason: String

        public var description: String { "cannot install the kernelspec in \(directory): \(reason)" }
    }

    /// The `kernel.json` text for a kernel started as `binary kernel -f {connection_file}`.
    public static func kernelJSON(binary: String) -> String {
        let document: JSONValue = [
            "argv": [.string(binary), "kernel", "-f", "{connection_file}"],
            "display_name": "Backprop",
            "language": "backprop",
            "interrupt_mode": "message",
            "metadata": [:],
        ]
        return String(decoding: document.serialized(), as: UTF8.self) + "\n"
    }

    /// The directory `name` is installed in for `location`.
    public static func directory(
        name: String, at location: Location,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        let dataDirectory: URL
        switch location {
        case .prefix(let prefix):
            dataDirectory = URL(fileURLWithPath: prefix).appendingPathComponent("share/jupyter")
        case .user:
            if let custom = environment["JUPYTER_DATA_DIR"], !custom.isEmpty {
                dataDirectory = URL(fileURLWithPath: custom)
            } else {
                let home = URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory())
                #if os(macOS)
                    dataDirectory = home.appendingPathComponent("Library/Jupyter")
                #else
                    dataDirectory = home.appendingPathComponent(".local/share/jupyter")
                #endif
            }
        }
        return dataDirectory.appendingPathComponent("kernels").appendingPathComponent(name)
    }

    /// Writes `kernel.json` and the logos; returns the directory.
    @discardableResult
    public static func install(
        name: String, binary: String, at location: Location,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(InstallError) -> URL {
        let directory = directory(name: name, at: location, environment: environment)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(kernelJSON(binary: binary).utf8).write(
                to: directory.appendingPathComponent("kernel.json"))
            for (file, encoded) in encodedLogos {
                guard let bytes = Data(base64Encoded: encoded) else { continue }
                try bytes.write(to: directory.appendingPathComponent(file))
            }
        } catch {
            throw InstallError(directory: directory.path, reason: error.localizedDescription)
        }
        return directory
    }

    /// The absolute path of the running executable, symlinks resolved.
    public static func runningBinaryPath() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return path
        }
        let argument = CommandLine.arguments[0]
        let url =
            argument.hasPrefix("/")
            ? URL(fileURLWithPath: argument)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(argument)
        return url.standardizedFileURL.resolvingSymlinksInPath().path
    }
}
