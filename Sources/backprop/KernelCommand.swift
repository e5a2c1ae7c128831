import ArgumentParser

/// `backprop kernel` (placeholder until it lands).
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kernel", abstract: "Not built yet.")

    func run() throws {
        throw ValidationError("'backprop kernel' is not built yet")
    }
}
