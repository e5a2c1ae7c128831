/// Which net or data set a statement works on: the named one or the current one.
extension ExecutionContext {
    /// The net called `name`, or the current one when `name` is nil.
    func netRecord(_ name: String?, at range: SourceRange?) throws(LanguageError) -> NetRecord {
        guard let name = name ?? state.currentNet else {
            throw .noneYet(.net, at: range)
        }
        guard let record = state.nets[name] else {
            throw .unknownName(what: "net", name: name, candidates: state.netOrder, at: range)
        }
        return record
    }

    /// The net named at argument `index` and the path string after it (`save NET "FILE"`,
    /// `export torch NET "DIR"`), with where each was written; `noun` names what the path is.
    func netAndPath(_ command: CommandStatement, at index: Int, noun: String) throws(LanguageError)
        -> (record: NetRecord, netRange: SourceRange, path: String, pathRange: SourceRange)
    {
        let netExpression = try ArgumentReader.expression(command, at: index)
        guard let name = netExpression.name else {
            throw .expected(what: "the name of a net", at: netExpression.range)
        }
        let record = try netRecord(name, at: netExpression.range)
        let pathExpression = try ArgumentReader.expression(command, at: index + 1)
        guard case .string(let path) = pathExpression.kind else {
            throw .expected(what: "the \(noun) name as a string", at: pathExpression.range)
        }
        return (record, netExpression.range, path, pathExpression.range)
    }

    /// The data set called `name`, or the current one when `name` is nil.
    func dataRecord(_ name: String?, at range: SourceRange?) throws(LanguageError) -> DataRecord {
        guard let name = name ?? state.currentData else {
            throw .noneYet(.dataSet, at: range)
        }
        guard let record = state.datasets[name] else {
            throw .unknownName(what: "data set", name: name, candidates: state.dataOrder, at: range)
        }
        return record
    }

    /// The data set named by `on=` (or a trailing `on NAME`), else the current one.
    func dataForCommand(_ command: CommandStatement) throws(LanguageError) -> DataRecord {
        if let option = command.option("on") {
            return try dataRecord(option.value.pathText, at: option.value.range)
        }
        return try dataRecord(nil, at: command.nameRange)
    }
}
