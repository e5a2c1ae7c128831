import Engine

/// `set`, `freeze`, `unfreeze`: changing parameters by hand.
enum ParameterCommands {
    static func set(_ command: CommandStatement, in context: inout ExecutionContext) throws {
        guard let target = command.target, case .path(let parts) = target.kind else {
            throw LanguageError.expected(what: "a parameter path such as xor.L1.W", at: command.range)
        }
        if parts.count == 3, parts[2] == "lr" {
            try setLayerRate(parts, target: target, command: command, in: context)
            return
        }
        let (record, tensor) = try PathResolver(state: context.state).parameter(parts, at: target.range)
        let expression = try ArgumentReader.expression(command, at: 0)
        let value = try ExpressionEvaluator.evaluate(expression, in: context.state)
        let values: [Double]
        let givenShape: [Int]
        if let rows = value.matrixRows {
            values = rows.flatMap { $0 }
            givenShape = [rows.count, rows.first?.count ?? 0]
        } else if case .list(let items) = value {
            values = items.compactMap { if case .number(let n) = $0 { return n } else { return nil } }
            guard values.count == items.count else {
                throw LanguageError.wrongType(.value, expected: "numbers", at: expression.range)
            }
            givenShape = [values.count]
        } else if case .number(let number) = value {
            values = [Double](repeating: number, count: tensor.count)
            givenShape = tensor.shape
        } else if case .tensor(_, let tensorValues, let shape) = value {
            values = tensorValues
            givenShape = shape
        } else {
            throw LanguageError.wrongType(
                .value, expected: "a matrix, a list or a number", at: expression.range)
        }
        let fits =
            givenShape == tensor.shape
            || (tensor.rank == 1 && values.count == tensor.count && givenShape.reduce(1, *) == tensor.count)
        guard fits else {
            throw LanguageError.shapeMismatch(
                why:
                    "\(record.name).\(tensor.name) has shape \(EngineMessages.shape(tensor.shape)) but the value has shape "
                    + EngineMessages.shape(givenShape),
                notes: tensor.rank == 2 ? ["weights are stored [in, out], as in H = X·W + b"] : [],
                at: expression.range)
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw LanguageError.notAllowed(
                why: "\(record.name).\(tensor.name) can only hold finite numbers, but value \(bad + 1) is "
                    + ValueFormatter(digits: 4).format(values[bad]),
                notes: ["numbers past ±1.8e308 (such as 1e400) are infinite"], at: expression.range)
        }
        if tensor.dtype == .float32,
            let big = values.first(where: { abs($0) > Double(Float.greatestFiniteMagnitude) })
        {
            throw LanguageError.notAllowed(
                why:
                    "\(record.name).\(tensor.name) is Float32, whose largest number is 3.4e38, but the value holds "
                    + ValueFormatter(digits: 4).format(big),
                notes: ["dtype f64 before net for a Float64 net"], at: expression.range)
        }
        try tensor.assign(values)
    }

    /// `set xor.L1.lr = 0.001`: a learning rate for one layer's parameters (a parameter group).
    private static func setLayerRate(
        _ parts: [String], target: ValueExpression, command: CommandStatement, in context: ExecutionContext
    ) throws {
        let tensors = try PathResolver(state: context.state).tensors(Array(parts.prefix(2)), at: target.range)
        let rate = try ArgumentReader.number(command, at: 0, in: 0...1e6)
        for tensor in tensors { tensor.learningRate = rate }
    }

    static func freeze(_ command: CommandStatement, in context: inout ExecutionContext, frozen: Bool) throws {
        let expression = try ArgumentReader.expression(command, at: 0)
        guard case .path(let parts) = expression.kind else {
            throw LanguageError.expected(
                what: "a net, layer or parameter such as xor.L1", at: expression.range)
        }
        for tensor in try PathResolver(state: context.state).tensors(parts, at: expression.range) {
            tensor.isFrozen = frozen
        }
    }
}
