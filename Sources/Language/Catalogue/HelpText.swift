import Foundation
import Render

/// The text of `help` and `help NAME`; inspect shows the same text.
public enum HelpText {
    /// Every command with its one line, then the syntax every command shares, as plain text and
    /// Markdown.
    public static func overview() -> Rendering {
        let width = CommandCatalogue.names.map(\.count).max() ?? 0
        let lines = CommandCatalogue.all.map { spec in
            "  " + spec.name.paddedRight(to: width) + "  " + spec.summary
        }
        var plain = ["Commands (help NAME for details):"] + lines
        let rows = CommandCatalogue.all.map { "| `\($0.name)` | \($0.summary) |" }
        var markdown = ["| command | what it does |", "|---|---|"] + rows
        for section in LanguageSyntax.sections {
            plain += [""] + plainLines(section)
            markdown += [""] + markdownLines(section)
        }
        return Rendering(plain: plain.joined(separator: "\n"), markdown: markdown.joined(separator: "\n"))
    }

    /// One command's syntax, summary, details, lists, options with defaults and example.
    public static func help(for spec: CommandSpec) -> Rendering {
        var plain = [spec.syntax, "  " + spec.summary]
        var markdown = ["`\(spec.syntax)`", "", spec.summary]
        if !spec.details.isEmpty {
            plain += ["", spec.details]
            markdown += ["", spec.details]
        }
        for section in spec.sections {
            plain += [""] + plainLines(section)
            markdown += [""] + markdownLines(section)
        }
        if !spec.options.isEmpty {
            plain += [""] + plainOptions(spec.options)
            markdown += [""] + markdownOptions(spec.options)
        }
        let example = spec.example.split(separator: "\n").map(String.init)
        plain += ["", "Example:"] + example.map { "  " + $0 }
        markdown += ["", "Example:", "", "```"] + example + ["```"]
        return Rendering(plain: plain.joined(separator: "\n"), markdown: markdown.joined(separator: "\n"))
    }

    private static func plainLines(_ section: HelpSection) -> [String] {
        let width = section.rows.map(\.term.count).max() ?? 0
        var lines = [section.title + ":"]
        for row in section.rows {
            lines.append("  " + row.term.paddedRight(to: width) + "  " + row.meaning)
            if let code = row.code { lines.append("  " + "".paddedRight(to: width) + "  " + code) }
        }
        return lines
    }

    private static func markdownLines(_ section: HelpSection) -> [String] {
        ["**\(section.title)**", ""]
            + section.rows.map { row in
                "- `\(row.term)`: \(row.meaning)" + (row.code.map { " `\($0)`" } ?? "")
            }
    }

    /// Each option's usage and meaning with its default; a choice option's choices, when they
    /// need explaining, follow it with the default marked, rather than a bare "(default NAME)".
    private static func plainOptions(_ options: [OptionSpec]) -> [String] {
        let usages = options.map(usage)
        let width = usages.map(\.count).max() ?? 0
        var lines = ["Options:"]
        for (option, usage) in zip(options, usages) {
            let defaultText =
                option.choiceMeanings.isEmpty ? option.defaultValue.map { " (default \($0))" } ?? "" : ""
            lines.append("  " + usage.paddedRight(to: width) + "  " + option.meaning + defaultText)
            let choiceWidth = option.choiceMeanings.map(\.term.count).max() ?? 0
            for choice in option.choiceMeanings {
                let mark = choice.term == option.defaultValue ? " (the default)" : ""
                lines.append("    " + choice.term.paddedRight(to: choiceWidth) + "  " + choice.meaning + mark)
            }
        }
        return lines
    }

    private static func markdownOptions(_ options: [OptionSpec]) -> [String] {
        var lines = ["| option | default | meaning |", "|---|---|---|"]
        var choices: [String] = []
        for option in options {
            let described = option.choiceMeanings.first { $0.term == option.defaultValue }
            let defaultText = described.map { "`\($0.term)`: \($0.meaning)" } ?? option.defaultValue ?? ""
            // A bare `|` would end the cell, code span or not (GitHub's tables).
            let cell = usage(option).replacingOccurrences(of: "|", with: "\\|")
            lines.append("| `\(cell)` | \(defaultText) | \(option.meaning) |")
            choices += option.choiceMeanings.map { "- `\(option.name)=\($0.term)`: \($0.meaning)" }
        }
        return choices.isEmpty ? lines : lines + [""] + choices
    }

    private static func usage(_ option: OptionSpec) -> String {
        "\(option.name)=\(option.type.description)"
    }
}

extension String {
    /// Pads with spaces on the right to `width` characters.
    func paddedRight(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
