import ArgumentParser
import Engine

/// The version of this build, shown by `backprop version` and in `kernel_info`.
enum BackpropVersion {
    static let current = "0.1.0"
}

/// `backprop version`: prints the version, and how the engine computes on this machine.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print the version of backprop.")

    func run() throws {
        print("backprop \(BackpropVersion.current)")
        print(
            "engine: matrix kernel \(gemmKernel), \(engineThreadCount) thread\(engineThreadCount == 1 ? "" : "s")"
        )
    }
}
