import Render

/// Inspect (Shift-Tab): the help of the command under the cursor, or of the line's command.
struct Inspector {
    let state: SessionState

    func inspect(_ code: String, cursor: Int) -> Rendering? {
        let (word, lineCommand) = CursorContext.wordAround(code: code, cursor: cursor)
        if let spec = CommandCatalogue.spec(named: word) { return HelpText.help(for: spec) }
        if let lineCommand, let spec = CommandCatalogue.spec(named: lineCommand) { return HelpText.help(for: spec) }
        return nil
    }
}
