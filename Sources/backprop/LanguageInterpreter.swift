import Foundation
import Kernel

/// TEMPORARY stand-in for the `Language` module's interpreter, just enough language to
/// drive the protocol: `print`, bare values, `help`, `sleep`, errors with a caret.
/// The project lead replaces this file with a bridge to the real language.
final class LanguageInterpreter: Interpreter {
    /// Command names with their one-line help, as `help` lists them.
    static let commands: [(name: String, help: String)] = [
        ("print", "print VALUE — writes a value to the cell's output"),
        ("predict", "predict INPUTS — runs the current net forward on the inputs"),
        ("help", "help [COMMAND] — lists the commands, or explains one"),
        ("sleep", "sleep SECONDS — waits; an interrupt stops it"),
    ]

    private struct Failure: Error {
        var name: String
        var message: String
        var line: String
        var column: Int
        var width: Int
        var hint: String?

        var outcome: ExecutionOutcome {
            let caret = String(repeating: " ", count: column) + String(repeating: "^", count: max(1, width))
            return .error(
                name: name, value: message, traceback: [message, line, caret] + (hint.map { [$0] } ?? []))
        }
    }

    private enum Value {
        case number(String)
        case text(String)

        var plain: String {
            switch self {
            case .number(let text), .text(let text): return text
            }
        }
    }

    func execute(_ request: ExecutionRequest, output: any OutputPublisher) -> ExecutionOutcome {
        var result: MimeBundle?
        for line in request.code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do {
                result = try run(line, output: output, cancellation: request.cancellation)
            } catch {
                return error.outcome
            }
        }
        return .ok(result: result)
    }

    private func run(_ line: String, output: any OutputPublisher, cancellation: CancellationFlag)
        throws(Failure) -> MimeBundle?
    {
        let scalars = Array(line.unicodeScalars)
        let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? 0
        var end = start
        while end < scalars.count, Self.isWordScalar(scalars[end]) { end += 1 }
        let word = String(String.UnicodeScalarView(scalars[start..<end]))
        let rest = String(String.UnicodeScalarView(scalars[end...])).trimmingCharacters(in: .whitespaces)

        if word.isEmpty || word.first!.isNumber || scalars[start] == "\"" || scalars[start] == "-" {
            return ["text/plain": try value(line, from: start).plain]
        }
        switch word {
        case "print":
            output.stream(.stdout, try value(line, from: end).plain + "\n")
        case "help":
            output.display(try help(rest, line: line, column: end), displayID: nil)
        case "sleep":
            guard let seconds = Double(rest), seconds >= 0 else {
                throw Failure(
                    name: "ValueError", message: "sleep needs a number of seconds", line: line, column: end,
                    width: 1)
            }
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if cancellation.isRaised {
                    throw Failure(
                        name: "Interrupted", message: "interrupted", line: line, column: start,
                        width: end - start)
                }
                usleep(10_000)
            }
        default:
            let suggestion = Self.closest(to: word).map { "did you mean '\($0)'?" }
            throw Failure(
                name: "NameError", message: "unknown command '\(word)'", line: line, column: start,
                width: end - start, hint: suggestion)
        }
        return nil
    }

    /// A number or string literal starting at code-point `column` (leading spaces allowed).
    private func value(_ line: String, from column: Int) throws(Failure) -> Value {
        let scalars = Array(line.unicodeScalars)
        var index = column
        while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
        let text = String(String.UnicodeScalarView(scalars[index...])).trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("\"") {
            guard text.count >= 2, text.hasSuffix("\"") else {
                throw Failure(
                    name: "SyntaxError", message: "unterminated string", line: line, column: index, width: 1)
            }
            return .text(String(text.dropFirst().dropLast()))
        }
        if let number = Double(text) {
            return .number(
                number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number))
        }
        throw Failure(
            name: "SyntaxError", message: "expected a number or a string", line: line, column: index,
            width: max(1, text.count))
    }

    private func help(_ topic: String, line: String, column: Int) throws(Failure) -> MimeBundle {
        if topic.isEmpty {
            let plain = Self.commands.map { "  \($0.help)" }.joined(separator: "\n")
            let markdown = Self.commands.map { "- `\($0.name)`: \($0.help)" }.joined(separator: "\n")
            return ["text/plain": "Commands:\n" + plain, "text/markdown": "**Commands**\n\n" + markdown]
        }
        guard let command = Self.commands.first(where: { $0.name == topic }) else {
            throw Failure(
                name: "NameError", message: "unknown command '\(topic)'", line: line, column: column + 1,
                width: topic.unicodeScalars.count,
                hint: Self.closest(to: topic).map { "did you mean '\($0)'?" })
        }
        return ["text/plain": command.help, "text/markdown": "`\(command.help)`"]
    }

    func complete(code: String, cursorPosition: Int) -> Completion {
        let scalars = Array(code.unicodeScalars)
        var start = min(cursorPosition, scalars.count)
        while start > 0, Self.isWordScalar(scalars[start - 1]) { start -= 1 }
        let prefix = String(String.UnicodeScalarView(scalars[start..<min(cursorPosition, scalars.count)]))
        let matches = Self.commands.map(\.name).filter { $0.hasPrefix(prefix) }
        return Completion(matches: matches, cursorStart: start, cursorEnd: cursorPosition)
    }

    func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> Inspection {
        let scalars = Array(code.unicodeScalars)
        var start = min(cursorPosition, scalars.count)
        var end = start
        while start > 0, Self.isWordScalar(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, Self.isWordScalar(scalars[end]) { end += 1 }
        let word = String(String.UnicodeScalarView(scalars[start..<end]))
        guard let command = Self.commands.first(where: { $0.name == word }) else {
            return Inspection(data: nil)
        }
        return Inspection(data: ["text/plain": command.help])
    }

    func isComplete(code: String) -> Completeness {
        var depth = 0
        for line in code.split(separator: "\n") {
            var inString = false
            for character in line {
                if character == "\"" { inString.toggle() } else if !inString, character == "#" { break }
                if inString { continue }
                if character == "[" { depth += 1 }
                if character == "]" { depth -= 1 }
            }
            if inString { return .invalid }
        }
        return depth > 0 ? .incomplete(indent: "") : .complete
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "."
    }

    /// The known command nearest to `word` by edit distance, if any is close.
    private static func closest(to word: String) -> String? {
        let best = commands.map { ($0.name, editDistance(word, $0.name)) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= max(1, word.count / 2) else { return nil }
        return best.0
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(
                    previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
