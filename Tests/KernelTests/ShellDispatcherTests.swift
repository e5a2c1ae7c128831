import XCTest

@testable import Kernel

final class ShellDispatcherTests: XCTestCase {
    func testEveryRequestTypeIsBusyThenReplyThenIdle() {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        let cases: [(type: String, content: JSONValue, reply: String)] = [
            ("kernel_info_request", [:], "kernel_info_reply"),
            ("complete_request", ["code": "pr", "cursor_pos": 2], "complete_reply"),
            ("inspect_request", ["code": "print", "cursor_pos": 1], "inspect_reply"),
            ("is_complete_request", ["code": "x ["], "is_complete_reply"),
            ("history_request", ["hist_access_type": "tail", "n": 3], "history_reply"),
            ("comm_info_request", [:], "comm_info_reply"),
        ]
        for (type, content, reply) in cases {
            let id = kernel.shell(type, content)
            XCTAssertEqual(
                kernel.sink.trace(of: id), ["iopub:status", "shell:\(reply)", "iopub:status"], type)
            let states = kernel.sink.iopub(for: id).compactMap { $0.content["execution_state"]?.stringValue }
            XCTAssertEqual(states, ["busy", "idle"], type)
            if type != "is_complete_request" {
                XCTAssertEqual(kernel.sink.reply(to: id)?.content["status"], "ok", type)
            }
            XCTAssertEqual(kernel.sink.reply(to: id)?.identities, [Array("client-1".utf8)], type)
        }
    }

    func testExecuteOrderWithOutputsAndResult() {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        let id = kernel.execute("out hi\nshow a\nupdate b\nclear\nvalue 42")
        XCTAssertEqual(
            kernel.sink.trace(of: id),
            [
                "iopub:status", "iopub:execute_input", "iopub:stream", "iopub:display_data",
                "iopub:update_display_data", "iopub:clear_output", "iopub:execute_result",
                "shell:execute_reply",
                "iopub:status",
            ])
        let iopub = kernel.sink.iopub(for: id)
        XCTAssertEqual(
            iopub[1].content, ["code": "out hi\nshow a\nupdate b\nclear\nvalue 42", "execution_count": 1])
        XCTAssertEqual(iopub[2].content, ["name": "stdout", "text": "hi"])
        XCTAssertEqual(iopub[3].content["transient"], ["display_id": "d1"])
        XCTAssertEqual(iopub[4].content["data"], ["text/plain": "b"])
        XCTAssertEqual(iopub[5].content, ["wait": true])
        XCTAssertEqual(
            iopub[6].content, ["execution_count": 1, "data": ["text/plain": "42"], "metadata": [:]])
        XCTAssertEqual(
            kernel.sink.reply(to: id)?.content,
            ["status": "ok", "execution_count": 1, "user_expressions": [:], "payload": []])
    }

    func testEveryMessageHasTheRequestAsParent() throws {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        let request = kernel.request("execute_request", ["code": "out x\nvalue 1"])
        kernel.shell.handle(request)
        let sent = kernel.sink.all
        XCTAssertEqual(sent.count, 6)
        for (_, message) in sent {
            XCTAssertEqual(message.parentHeader, request.header)
            XCTAssertEqual(message.header["session"], "kernel-session")
            XCTAssertEqual(message.header["version"], .string(MessageFactory.protocolVersion))
        }
        XCTAssertEqual(Set(sent.map(\.message.id)).count, 6, "message ids are unique")
    }

    func testErrorIsPublishedAndReplied() {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        let id = kernel.execute("fail")
        XCTAssertEqual(
            kernel.sink.trace(of: id),
            ["iopub:status", "iopub:execute_input", "iopub:error", "shell:execute_reply", "iopub:status"])
        let reply = kernel.sink.reply(to: id)?.content
        XCTAssertEqual(reply?["status"], "error")
        XCTAssertEqual(reply?["ename"], "ValueError")
        XCTAssertEqual(reply?["evalue"], "failed on purpose")
        XCTAssertEqual(reply?["traceback"], ["tb line"])
        XCTAssertEqual(reply?["execution_count"], 1)
    }

    func testExecutionCounterCountsOnlyStoredHistory() {
        let interpreter = ScriptedInterpreter()
        let kernel = InMemoryKernel(interpreter: interpreter)
        let cases: [(extra: [String: JSONValue], expected: Int)] = [
            ([:], 1),
            (["silent": true], 1),
            (["store_history": false], 1),
            (["silent": true, "store_history": true], 1),
            ([:], 2),
            (["store_history": true], 3),
        ]
        for (extra, expected) in cases {
            let id = kernel.execute("value 7", extra)
            XCTAssertEqual(
                kernel.sink.reply(to: id)?.content["execution_count"], JSONValue(expected), "\(extra)")
        }
        XCTAssertEqual(kernel.shell.executionCount, 3)
        XCTAssertEqual(interpreter.executed.map(\.storeHistory), [true, false, false, false, true, true])
    }

    func testSilentCellsPublishNothingButStatus() {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        let id = kernel.execute("out hidden\nvalue 1", ["silent": true])
        XCTAssertEqual(kernel.sink.trace(of: id), ["iopub:status", "shell:execute_reply", "iopub:status"])
        let failing = kernel.execute("fail", ["silent": true])
        XCTAssertEqual(
            kernel.sink.trace(of: failing), ["iopub:status", "shell:execute_reply", "iopub:status"])
    }

    func testQueuedExecutesAreAbortedAfterAnError() {
        let interpreter = ScriptedInterpreter()
        let kernel = InMemoryKernel(interpreter: interpreter)
        kernel.waiting.requests = [
            kernel.request("execute_request", ["code": "out should not run"]),
            kernel.request("kernel_info_request"),
            kernel.request("execute_request", ["code": "value 2"]),
        ]
        let failing = kernel.request("execute_request", ["code": "fail"])
        kernel.shell.handle(failing)

        let replies = kernel.sink.all.filter { $0.channel == .shell }.map(\.message)
        XCTAssertEqual(
            replies.map(\.type), ["execute_reply", "execute_reply", "kernel_info_reply", "execute_reply"])
        XCTAssertEqual(replies.map { $0.content["status"] }, ["error", "error", "ok", "error"])
        XCTAssertEqual(replies[1].content["ename"], "Aborted")
        XCTAssertEqual(
            interpreter.executed.map(\.code), ["fail"], "aborted cells never reach the interpreter")
        XCTAssertEqual(
            kernel.sink.trace(of: replies[1].parentID!),
            ["iopub:status", "shell:execute_reply", "iopub:status"])
        XCTAssertFalse(kernel.shell.isAborting)
        XCTAssertTrue(kernel.waiting.requests.isEmpty)

        let after = kernel.execute("value 3")
        XCTAssertEqual(kernel.sink.reply(to: after)?.content["status"], "ok", "the abort ends with the queue")
    }

    func testOnlyRequestsWaitingBeforeTheErrorReplyAreAborted() {
        let interpreter = ScriptedInterpreter()
        let kernel = InMemoryKernel(interpreter: interpreter)
        let failing = kernel.execute("fail")
        XCTAssertEqual(kernel.sink.reply(to: failing)?.content["status"], "error")
        // Sent by a client that saw the error reply: it runs.
        let next = kernel.execute("value 1")
        XCTAssertEqual(kernel.sink.reply(to: next)?.content["status"], "ok")
        XCTAssertEqual(interpreter.executed.map(\.code), ["fail", "value 1"])
    }

    func testNoAbortWithoutStopOnError() {
        let interpreter = ScriptedInterpreter()
        let kernel = InMemoryKernel(interpreter: interpreter)
        kernel.waiting.requests = [kernel.request("execute_request", ["code": "value 2"])]
        kernel.shell.handle(kernel.request("execute_request", ["code": "fail", "stop_on_error": false]))
        XCTAssertEqual(interpreter.executed.map(\.code), ["fail"], "nothing taken off the queue")
        XCTAssertEqual(kernel.waiting.requests.count, 1)
        XCTAssertFalse(kernel.shell.isAborting)
    }

    func testUnknownTypesAreDroppedWithoutPublishing() {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        kernel.shell("frobnicate_request")
        kernel.shell("execute_reply")
        XCTAssertTrue(kernel.sink.all.isEmpty)
    }

    func testMalformedContentGetsAnErrorReplyAndIdle() {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        for type in ["execute_request", "complete_request", "inspect_request", "is_complete_request"] {
            let id = kernel.shell(type, ["code": 42])
            let reply = kernel.sink.reply(to: id)
            XCTAssertEqual(reply?.type, type.replacingOccurrences(of: "_request", with: "_reply"))
            XCTAssertEqual(reply?.content["status"], "error", type)
            XCTAssertEqual(reply?.content["ename"], "InvalidRequest", type)
            XCTAssertEqual(kernel.sink.iopub(for: id).last?.content["execution_state"], "idle", type)
        }
    }

    func testCompleteInspectAndIsCompleteContents() {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        let complete = kernel.shell("complete_request", ["code": "x pr", "cursor_pos": 4])
        XCTAssertEqual(
            kernel.sink.reply(to: complete)?.content,
            [
                "status": "ok", "matches": ["print", "predict"], "cursor_start": 2, "cursor_end": 4,
                "metadata": [:],
            ])
        let found = kernel.shell("inspect_request", ["code": "print", "cursor_pos": 2])
        XCTAssertEqual(kernel.sink.reply(to: found)?.content["found"], true)
        XCTAssertEqual(kernel.sink.reply(to: found)?.content["data"], ["text/plain": "print VALUE"])
        let missing = kernel.shell("inspect_request", ["code": "zzz", "cursor_pos": 1])
        XCTAssertEqual(kernel.sink.reply(to: missing)?.content["found"], false)
        let open = kernel.shell("is_complete_request", ["code": "x ["])
        XCTAssertEqual(kernel.sink.reply(to: open)?.content, ["status": "incomplete", "indent": "  "])
    }

    func testCursorIsClampedIntoTheCodeInCodePoints() {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        // "é😀" is 2 code points (3 UTF-16 units, 6 bytes); a cursor past the end is clamped to 2.
        let id = kernel.shell("complete_request", ["code": "é😀", "cursor_pos": 99])
        XCTAssertEqual(kernel.sink.reply(to: id)?.content["cursor_end"], 2)
        let missing = kernel.shell("complete_request", ["code": "é😀"])
        XCTAssertEqual(kernel.sink.reply(to: missing)?.content["cursor_end"], 2, "no cursor means the end")
    }

    func testShutdownOnShellEchoesRestartThenShutsDown() {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        let id = kernel.shell("shutdown_request", ["restart": true])
        XCTAssertEqual(kernel.sink.trace(of: id), ["iopub:status", "shell:shutdown_reply", "iopub:status"])
        XCTAssertEqual(kernel.sink.reply(to: id)?.content, ["status": "ok", "restart": true])
        XCTAssertEqual(kernel.shutdowns.all, [true])
    }

    func testKernelInfoDescribesTheLanguage() {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        let id = kernel.shell("kernel_info_request")
        let content = kernel.sink.reply(to: id)?.content
        XCTAssertEqual(content?["implementation"], "backprop")
        XCTAssertEqual(content?["implementation_version"], "9.9")
        XCTAssertEqual(content?["banner"], "test banner")
        XCTAssertEqual(content?["language_info"]?["name"], "backprop")
        XCTAssertEqual(content?["language_info"]?["file_extension"], ".bp")
        XCTAssertEqual(content?["language_info"]?["mimetype"], "text/x-backprop")
        let version = content?["protocol_version"]?.stringValue?.split(separator: ".").compactMap { Int($0) }
        XCTAssertFalse((version ?? []).lexicographicallyPrecedes([5, 4]), "protocol 5.4 or later")
    }
}
