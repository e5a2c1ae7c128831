import XCTest

@testable import Kernel

/// The dispatch tables against the messaging spec: which request types each channel
/// answers, and what happens to the rest.
final class DispatchTableTests: XCTestCase {
    /// The spec's shell requests the kernel answers. Not answered: `connect_request`
    /// (deprecated in 5.1 and since removed) and `comm_open`/`comm_msg`/`comm_close`,
    /// which have no reply, for a kernel without comms.
    private let shellTypes: Set<String> = [
        "kernel_info_request", "execute_request", "complete_request", "inspect_request",
        "is_complete_request", "history_request", "comm_info_request", "shutdown_request",
    ]
    /// The spec's control requests the kernel answers. Not answered: `debug_request`, as the
    /// kernel_info_reply says `debugger: false`.
    private let controlTypes: Set<String> = ["kernel_info_request", "interrupt_request", "shutdown_request"]

    private let contents: [String: JSONValue] = [
        "execute_request": ["code": "value 1", "silent": false],
        "complete_request": ["code": "pr", "cursor_pos": 2],
        "inspect_request": ["code": "print", "cursor_pos": 1],
        "is_complete_request": ["code": "x"],
        "history_request": ["hist_access_type": "tail", "n": 3],
        "shutdown_request": ["restart": false],
    ]

    private func reply(to type: String) -> String {
        String(type.dropLast("_request".count)) + "_reply"
    }

    func testEachTableHoldsExactlyTheSpecRequestsOfItsChannel() {
        XCTAssertEqual(Set(ShellDispatcher.handlers.keys), shellTypes)
        XCTAssertEqual(Set(ControlDispatcher.handlers.keys), controlTypes)
        XCTAssertEqual(ShellDispatcher.handledTypes, shellTypes)
        XCTAssertEqual(ControlDispatcher.handledTypes, controlTypes)
    }

    func testEveryShellTypeIsAnsweredOnShellOnly() {
        for type in shellTypes.sorted() {
            let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
            let request = kernel.request(type, contents[type] ?? [:])
            kernel.shell.handle(request)
            let trace = kernel.sink.trace(of: request.id)
            XCTAssertEqual(trace.first, "iopub:status", type)
            XCTAssertEqual(trace.last, "iopub:status", type)
            XCTAssertEqual(trace.filter { !$0.hasPrefix("iopub:") }, ["shell:\(reply(to: type))"], type)
        }
    }

    func testEveryControlTypeIsAnsweredOnControlOnly() {
        for type in controlTypes.sorted() {
            let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
            let request = kernel.request(type, contents[type] ?? [:])
            kernel.control.handle(request)
            XCTAssertEqual(
                kernel.sink.trace(of: request.id),
                ["iopub:status", "control:\(reply(to: type))", "iopub:status"],
                type)
        }
    }

    /// As ipykernel (`dispatch_shell`: "Unknown message type", no reply), and without the
    /// busy/idle pair ipykernel publishes around it: iopub carries status only for requests
    /// that get an answer.
    func testATypeNotInAChannelsTableGetsNoReplyAndNothingOnIOPub() {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        let shellOnly = shellTypes.subtracting(controlTypes)
        let controlOnly = controlTypes.subtracting(shellTypes)
        for type in controlOnly.union(["frobnicate_request", "connect_request", "comm_open", "execute_reply"])
        {
            kernel.shell.handle(kernel.request(type, contents[type] ?? [:]))
        }
        for type in shellOnly.union(["frobnicate_request", "debug_request", "execute_reply"]) {
            kernel.control.handle(kernel.request(type, contents[type] ?? [:]))
        }
        XCTAssertTrue(kernel.sink.all.isEmpty, "\(kernel.sink.all.map { $0.message.type })")
        XCTAssertFalse(kernel.cancellation.isRaised)
        XCTAssertEqual(kernel.shutdowns.all, [])
    }

    func testLanguageInfoComesFromTheInterpreter() {
        let language = LanguageInfo(
            name: "scripted", version: "2.5", mimetype: "text/x-scripted", fileExtension: ".scr",
            pygmentsLexer: nil, codemirrorMode: "scripted", nbconvertExporter: "script")
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter(languageInfo: language))
        let expected: JSONValue = [
            "name": "scripted", "version": "2.5", "mimetype": "text/x-scripted", "file_extension": ".scr",
            "codemirror_mode": "scripted", "nbconvert_exporter": "script",
        ]
        let onShell = kernel.shell("kernel_info_request")
        XCTAssertEqual(kernel.sink.reply(to: onShell)?.content["language_info"], expected)
        let onControl = kernel.request("kernel_info_request")
        kernel.control.handle(onControl)
        XCTAssertEqual(kernel.sink.reply(to: onControl.id)?.content["language_info"], expected)
    }

    /// The whole reply, byte for byte as sent: the kernel adds nothing of its own to the
    /// interpreter's `language_info`.
    func testKernelInfoReplyBytes() throws {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        let id = kernel.shell("kernel_info_request")
        let content = try XCTUnwrap(kernel.sink.reply(to: id)?.content)
        XCTAssertEqual(
            String(decoding: content.serialized(), as: UTF8.self),
            #"{"banner":"test banner","debugger":false,"help_links":[],"implementation":"backprop","#
                + #""implementation_version":"9.9","language_info":{"codemirror_mode":"text","#
                + #""file_extension":".bp","mimetype":"text/x-backprop","name":"backprop","#
                + #""pygments_lexer":"text","version":"1.0"},"protocol_version":"5.5","status":"ok"}"#)
    }
}
