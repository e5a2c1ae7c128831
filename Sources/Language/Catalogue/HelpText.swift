import Render

/// The text of `help` and `help NAME`; inspect shows the same text.
public enum HelpText {
    /// Every command with its one line, as plain text and Markdown.
    public static func overview() -> Rendering {
        let width = CommandCatalogue.names.map(\.count).max() ?? 0
        let lines = CommandCatalogue.all.map { spec in
            "  " + spec.name.paddedRight(to: width) + "  " + spec.summary
        }
        let plain = (["Commands (help NAME for details):"] + lines).joined(separator: "\n")
        let rows = CommandCatalogue.all.map { "| `\($0.name)` | \($0.summary) |" }
        let markdown = (["| command | what it does |", "|---|---|"] + rows).joined(separator: "\n")
        return Rendering(plain: plain, markdown: markdown)
    }

    /// One command's syntax, summary, options with defaults, details and example.
    public static func help(for spec: CommandSpec) -> Rendering {
        var plain = [spec.syntax, "  " + spec.summary]
        var markdown = ["`\(spec.syntax)`", "", spec.summary]
        if !spec.details.isEmpty {
            plain += ["", spec.details]
            markdown += ["", spec.details]
        }
        if !spec.options.isEmpty {
            let usages = spec.options.map { "\($0.name)=\($0.type.description)" }
            let width = usages.map(\.count).max() ?? 0
            plain += ["", "Options:"]
            markdown += ["", "| option | default | meaning |", "|---|---|---|"]
            for (option, usage) in zip(spec.options, usages) {
                let defaultText = option.defaultValue.map { " (default \($0))" } ?? ""
                plain.append("  " + usage.paddedRight(to: width) + "  " + option.meaning + defaultText)
                markdown.append("| `\(usage)` | \(option.defaultValue ?? "") | \(option.meaning) |")
            }
        }
        let example = spec.example.split(separator: "\n").map(String.init)
        plain += ["", "Example:"] + example.map { "  " + $0 }
        markdown += ["", "Example:", "", "```"] + example + ["```"]
        return Rendering(plain: plain.joined(separator: "\n"), markdown: markdown.joined(separator: "\n"))
    }
}

extension String {
    /// Pads with spaces on the right to `width` characters.
    func paddedRight(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
