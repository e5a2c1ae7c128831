/// Runs one command statement on an execution context: the implementation its catalogue
/// entry carries, so a command is declared and implemented in one place.
enum CommandRunner {
    static func run(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        guard let spec = CommandCatalogue.spec(named: command.name) else {
            // The parser makes command statements only of catalogue names.
            throw LanguageError.unknownName(
                what: "command", name: command.name, candidates: CommandCatalogue.names, at: command.nameRange
            )
        }
        try spec.run(command, &context)
    }
}
