extension ShellDispatcher {
    /// Runs a cell: `execute_input`, the interpreter's outputs, `execute_result` or
    /// `error`; returns the `execute_reply` content.
    func execute(_ request: Message) throws(RequestError) -> JSONValue {
        guard let code = request.content["code"]?.stringValue else {
            throw .missingField("code", messageType: request.type)
        }
        let silent = request.content["silent"]?.boolValue ?? false
        // The protocol: silent forces store_history off.
        let storeHistory = !silent && (request.content["store_history"]?.boolValue ?? true)
        let stopOnError = request.content["stop_on_error"]?.boolValue ?? true

        if isAborting {
            KernelLog.warning("not running execute_request \(request.id): an earlier cell failed")
            return [
                "status": "error", "execution_count": JSONValue(executionCount), "ename": "Aborted",
                "evalue": "not run because an earlier cell failed", "traceback": [],
                "user_expressions": [:], "payload": [],
            ]
        }

        // Cleared before execute_input goes out: a client that has seen the cell start
        // knows its interrupt will be seen, and one sent while idle is forgotten.
        context.cancellation.reset()
        if storeHistory { executionCount += 1 }
        let count = executionCount
        if !silent {
            context.publish(
                "execute_input", ["code": .string(code), "execution_count": JSONValue(count)], parent: request
            )
        }

        let output: any OutputPublisher =
            silent
            ? DiscardingOutput() : IOPubOutput(sink: context.sink, factory: context.factory, parent: request)
        let outcome = interpreter.execute(
            ExecutionRequest(
                code: code, silent: silent, storeHistory: storeHistory, executionCount: count,
                cancellation: context.cancellation),
            output: output)

        switch outcome {
        case .ok(let result):
            if let result, !silent {
                context.publish(
                    "execute_result",
                    ["execution_count": JSONValue(count), "data": JSONValue(result), "metadata": [:]],
                    parent: request)
            }
            if storeHistory { history.record(line: count, input: code, output: result?["text/plain"]) }
            return [
                "status": "ok", "execution_count": JSONValue(count), "user_expressions": [:], "payload": [],
            ]
        case .error(let name, let value, let traceback):
            let error: JSONValue = [
                "ename": .string(name), "evalue": .string(value),
                "traceback": .array(traceback.map { .string($0) }),
            ]
            if !silent { context.publish("error", error, parent: request) }
            if storeHistory { history.record(line: count, input: code, output: nil) }
            if stopOnError {
                // Before the reply leaves: what the client sends after seeing it must run.
                while let waiting = takeQueued() { requestsToAbort.append(waiting) }
            }
            var reply = error.objectValue ?? [:]
            reply["status"] = "error"
            reply["execution_count"] = JSONValue(count)
            reply["user_expressions"] = [:]
            reply["payload"] = []
            return .object(reply)
        }
    }
}
