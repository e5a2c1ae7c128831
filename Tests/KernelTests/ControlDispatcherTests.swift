import Foundation
import XCTest

@testable import Kernel

/// Hands a shell dispatcher to one other thread; the test touches it again only after that thread ends.
private final class ShellOnAnotherThread: @unchecked Sendable {
    let kernel: InMemoryKernel
    init(_ kernel: InMemoryKernel) { self.kernel = kernel }
}

final class ControlDispatcherTests: XCTestCase {
    func testControlAnswersKernelInfoInterruptAndShutdown() {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        let info = kernel.request("kernel_info_request")
        kernel.control.handle(info)
        XCTAssertEqual(
            kernel.sink.trace(of: info.id), ["iopub:status", "control:kernel_info_reply", "iopub:status"])

        let interrupt = kernel.request("interrupt_request")
        kernel.control.handle(interrupt)
        XCTAssertEqual(kernel.sink.reply(to: interrupt.id)?.content, ["status": "ok"])
        XCTAssertTrue(kernel.cancellation.isRaised)

        let shutdown = kernel.request("shutdown_request", ["restart": false])
        kernel.control.handle(shutdown)
        XCTAssertEqual(
            kernel.sink.trace(of: shutdown.id), ["iopub:status", "control:shutdown_reply", "iopub:status"])
        XCTAssertEqual(kernel.sink.reply(to: shutdown.id)?.content, ["status": "ok", "restart": false])
        XCTAssertEqual(kernel.shutdowns.all, [false])
    }

    func testControlDropsShellRequestsWithoutPublishing() {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        kernel.control.handle(kernel.request("execute_request", ["code": "value 1"]))
        kernel.control.handle(kernel.request("nonsense"))
        XCTAssertTrue(kernel.sink.all.isEmpty)
    }

    func testInterruptStopsABlockingCellAndTheNextCellRuns() {
        let interpreter = ScriptedInterpreter()
        let shell = ShellOnAnotherThread(InMemoryKernel(interpreter: interpreter))
        let kernel = shell.kernel
        let request = kernel.request("execute_request", ["code": "block"])
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            shell.kernel.shell.handle(request)
            finished.signal()
        }
        XCTAssertEqual(interpreter.blocking.wait(timeout: .now() + 5), .success, "the cell started")
        XCTAssertEqual(finished.wait(timeout: .now() + 0.2), .timedOut, "the cell blocks until interrupted")

        let started = Date()
        kernel.control.handle(kernel.request("interrupt_request"))
        XCTAssertEqual(finished.wait(timeout: .now() + 2), .success)
        XCTAssertLessThan(Date().timeIntervalSince(started), 0.5)

        let reply = kernel.sink.reply(to: request.id)
        XCTAssertEqual(reply?.content["status"], "error")
        XCTAssertEqual(reply?.content["ename"], "Interrupted")
        XCTAssertEqual(kernel.sink.iopub(for: request.id).last?.content["execution_state"], "idle")

        // The flag is cleared when the next cell starts, so it runs to the end.
        let next = kernel.execute("value 5", ["stop_on_error": false])
        XCTAssertEqual(kernel.sink.reply(to: next)?.content["status"], "ok")
        XCTAssertFalse(kernel.cancellation.isRaised)
    }

    func testAnInterruptWhileIdleDoesNotReachTheNextCell() {
        let kernel = InMemoryKernel(interpreter: ScriptedInterpreter())
        kernel.control.handle(kernel.request("interrupt_request"))
        XCTAssertTrue(kernel.cancellation.isRaised)
        let id = kernel.execute("flag")
        XCTAssertEqual(
            kernel.sink.iopub(for: id).first { $0.type == "execute_result" }?.content["data"],
            ["text/plain": "clear"])
    }
}
