import ArgumentParser
import Foundation
import Kernel

/// `backprop kernel CONNECTION_FILE`: serves Jupyter on the connection file's sockets.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel", abstract: "Run as a Jupyter kernel (started by Jupyter, not by hand).")

    @Argument(help: "The connection file Jupyter wrote for this kernel.")
    var connectionFile: String?

    @Option(name: .customShort("f"), help: "The connection file (the form Jupyter's kernel.json uses).")
    var file: String?

    func validate() throws {
        guard (connectionFile == nil) != (file == nil) else {
            throw ValidationError("give the connection file once, as an argument or with -f")
        }
    }

    func run() throws {
        let path = connectionFile ?? file ?? ""
        // No help links until the project has a public home to point at.
        let info = KernelInfo(
            implementationVersion: BackpropVersion.current,
            banner: "Backprop \(BackpropVersion.current): see every number of backpropagation. Type 'help'.")
        // Before the history store opens its file: opening it may rotate it, a write.
        KernelServer.ignoreWriteSignals()
        do {
            let connection = try ConnectionInfo(contentsOf: path)
            try KernelServer.run(
                connection: connection, info: info, interpreter: SessionInterpreter(),
                history: HistoryStore(file: HistoryStore.defaultFile()))
        } catch {
            KernelLog.warning("\(error)")
            throw ExitCode.failure
        }
    }
}
