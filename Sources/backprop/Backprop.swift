import ArgumentParser

/// The `backprop` command: the Jupyter kernel and its tools.
@main
struct Backprop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backprop",
        abstract: "A Jupyter kernel for seeing how neural networks learn.",
        version: BackpropVersion.current,
        subcommands: [
            KernelCommand.self, InstallCommand.self, RunCommand.self, BenchCommand.self,
            VersionCommand.self,
        ]
    )

    static func main() {
        PortableMathLibrary.ensure()
        main(nil)
    }
}
