import Foundation

/// Completion: commands, options and their values, keywords, session names, file paths in strings.
struct Completer {
    let state: SessionState

    func complete(_ code: String, cursor: Int) -> CompletionResult {
        let context = CursorContext(code: code, cursor: cursor)
        let end = max(0, min(cursor, code.unicodeScalars.count))
        if let string = context.stringPrefix {
            return CompletionResult(
                matches: filePaths(startingWith: string.text), start: string.start, end: end)
        }
        let candidates =
            context.word.contains(".") ? pathCandidates(context.word) : self.candidates(in: context)
        var seen: Set<String> = []
        let matches = candidates.filter { $0.hasPrefix(context.word) && seen.insert($0).inserted }
        return CompletionResult(matches: matches.sorted(), start: context.wordStart, end: end)
    }

    private func candidates(in context: CursorContext) -> [String] {
        guard !context.statementTokens.isEmpty else {
            return CommandCatalogue.names + state.knownNames
        }
        guard let spec = context.command else { return state.knownNames }
        // `x =` in `net x =` names a target, not an option.
        if let optionName = context.optionBeingValued, spec.option(optionName) != nil {
            switch spec.option(optionName)?.type {
            case .choice(let choices)?, .choices(let choices)?, .numberOrChoice(let choices)?: return choices
            case .boolean?: return ["true", "false"]
            case .name? where optionName == "on": return state.knownNames
            default: return []
            }
        }
        if spec.name == "help" { return CommandCatalogue.names }
        // After `NAME =` (net, data) the source comes next, so the target does not count.
        var arguments = Array(context.statementTokens.dropFirst())
        if spec.target != .none, arguments.count >= 2, arguments[1].kind == .equals {
            arguments.removeFirst(2)
        }
        let positionalSoFar = arguments.filter {
            if case .name = $0.kind { return true } else { return false }
        }.count
        // A net's layers name an activation after every width.
        let keywords = positionalSoFar == 0 || spec.name == "net" ? spec.keywords : []
        let names = spec.target == .none ? state.knownNames : []
        return keywords + options(of: spec, after: arguments).map { $0 + "=" } + names
    }

    /// The options that apply after the statement's first word: `optim adam` reads no momentum,
    /// `loss sse` no reduction. After a first word that is no such keyword, only the options no
    /// keyword claims: a net's layers take `init=`, not `gpt`'s `dropout=`.
    private func options(of spec: CommandSpec, after arguments: [Token]) -> [String] {
        if case .name(let word)? = arguments.first?.kind, let options = spec.optionsByKeyword[word] {
            return options
        }
        guard !arguments.isEmpty else { return spec.options.map(\.name) }
        let claimed = Set(spec.optionsByKeyword.values.joined())
        return spec.options.map(\.name).filter { !claimed.contains($0) }
    }

    /// Full paths one level below the dotted prefix of `word`: `xor.` → `xor.L1`, `xor.history`, ...
    private func pathCandidates(_ word: String) -> [String] {
        var parts = word.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast()
        let prefix = parts.joined(separator: ".") + "."
        return PathChildren(state: state).children(of: parts).map { prefix + $0 }
    }

    /// Entries of the directory named by `partial` (relative to the working directory) that extend it.
    private func filePaths(startingWith partial: String) -> [String] {
        let directoryPart: String
        let namePrefix: String
        if let slash = partial.lastIndex(of: "/") {
            directoryPart = String(partial[...slash])
            namePrefix = String(partial[partial.index(after: slash)...])
        } else {
            directoryPart = ""
            namePrefix = partial
        }
        let manager = FileManager.default
        let directory = directoryPart.isEmpty ? "." : directoryPart
        guard let entries = try? manager.contentsOfDirectory(atPath: directory) else { return [] }
        return entries.filter {
            $0.hasPrefix(namePrefix) && (namePrefix.hasPrefix(".") || !$0.hasPrefix("."))
        }
        .map { entry in
            var isDirectory: ObjCBool = false
            let exists = manager.fileExists(atPath: directory + "/" + entry, isDirectory: &isDirectory)
            return directoryPart + entry + (exists && isDirectory.boolValue ? "/" : "")
        }
        .sorted()
    }
}
