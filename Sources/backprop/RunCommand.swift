import ArgumentParser

/// `backprop run` (placeholder until it lands).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Not built yet.")

    func run() throws {
        throw ValidationError("'backprop run' is not built yet")
    }
}
