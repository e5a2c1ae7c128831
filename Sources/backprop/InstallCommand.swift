import ArgumentParser
import Foundation
import Kernel

/// `backprop install`: writes the kernelspec so Jupyter offers a "Backprop" kernel.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install", abstract: "Install the Backprop kernelspec for Jupyter.",
        discussion: "Without a location flag it installs for the current user.")

    @Flag(help: "Install for the current user (Jupyter's user data directory).")
    var user = false

    @Flag(help: "Install into the active Python environment ($VIRTUAL_ENV or $CONDA_PREFIX).")
    var sysPrefix = false

    @Option(help: "Install into DIR/share/jupyter/kernels (for example a virtual environment).")
    var prefix: String?

    @Option(help: "The kernelspec's directory name.")
    var name = Kernelspec.defaultName

    func validate() throws {
        if [user, sysPrefix, prefix != nil].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --user, --sys-prefix and --prefix")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let location: Kernelspec.Location
        if let prefix {
            location = .prefix(prefix)
        } else if sysPrefix {
            guard let environmentPrefix = environment["VIRTUAL_ENV"] ?? environment["CONDA_PREFIX"] else {
                throw ValidationError(
                    "--sys-prefix needs an active environment ($VIRTUAL_ENV or $CONDA_PREFIX)")
            }
            location = .prefix(environmentPrefix)
        } else {
            location = .user
        }
        do {
            let directory = try Kernelspec.install(
                name: name, binary: Kernelspec.runningBinaryPath(), at: location, environment: environment)
            print("Installed kernelspec \(name) in \(directory.path)")
        } catch {
            KernelLog.warning("\(error)")
            throw ExitCode.failure
        }
    }
}
