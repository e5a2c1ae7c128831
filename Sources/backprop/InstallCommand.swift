import ArgumentParser

/// `backprop install` (placeholder until it lands).
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "install", abstract: "Not built yet.")

    func run() throws {
        throw ValidationError("'backprop install' is not built yet")
    }
}
