/// Runs one command statement on an execution context: the implementation its catalogue
/// entry carries, so a command is declared and implemented in one place.
enum CommandRunner {
    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        guard let spec = CommandCatalogue.spec(named: command.name) else {
            // The parser makes command statements only of catalogue names.
            throw Diagnostic.unknown(
                "command", command.name, at: command.nameRange, among: CommandCatalogue.names)
        }
        try spec.run(command, &context)
    }
}
