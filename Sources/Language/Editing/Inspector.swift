import Engine
import Render

/// Inspect (Shift-Tab): a command's help, or the shape and statistics of a net, layer or parameter.
struct Inspector {
    let state: SessionState

    func inspect(_ code: String, cursor: Int) -> Rendering? {
        let (word, lineCommand) = CursorContext.wordAround(code: code, cursor: cursor)
        if let spec = CommandCatalogue.spec(named: word) { return HelpText.help(for: spec) }
        let parts = word.split(separator: ".").map(String.init)
        if let head = parts.first, state.nets[head] != nil || state.datasets[head] != nil {
            return describe(parts)
        }
        if let lineCommand, let spec = CommandCatalogue.spec(named: lineCommand) {
            return HelpText.help(for: spec)
        }
        return nil
    }

    /// A net's summary, or a tensor's shape with min, max, mean and norm above its values.
    private func describe(_ parts: [String]) -> Rendering? {
        let path = parts.joined(separator: ".")
        let placeholder = SourcePosition(line: 1, column: 1, offset: 0)
        guard
            let value = try? PathResolver(state: state).resolve(
                parts, at: SourceRange(placeholder, placeholder))
        else {
            return nil
        }
        let formatter = state.formatter
        guard case .tensor(_, let values, let shape) = value, !values.isEmpty else {
            return formatter.rendering(value)
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        var frozen = ""
        if parts.count == 3,
            let tensor = try? PathResolver(state: state).parameter(
                parts, at: SourceRange(placeholder, placeholder)
            ).1,
            tensor.isFrozen
        {
            frozen = ", frozen"
        }
        let line =
            "\(path): shape \(EngineMessages.shape(shape))\(frozen); min \(formatter.format(values.min()!)), "
            + "max \(formatter.format(values.max()!)), mean \(formatter.format(mean)), norm \(formatter.format(norm))"
        let table = formatter.rendering(value)
        return Rendering.stacked([Rendering(plain: line), table])
    }
}
