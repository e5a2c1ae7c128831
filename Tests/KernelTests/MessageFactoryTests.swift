import XCTest

@testable import Kernel

final class MessageFactoryTests: XCTestCase {
    func testHeadersCarryEveryFieldJupyterClientNeeds() throws {
        let factory = MessageFactory(session: "s1", username: "u")
        let header = factory.header(type: "status")
        XCTAssertEqual(header["msg_type"], "status")
        XCTAssertEqual(header["session"], "s1")
        XCTAssertEqual(header["username"], "u")
        XCTAssertEqual(header["version"], .string(MessageFactory.protocolVersion))
        XCTAssertNotEqual(factory.header(type: "status")["msg_id"], header["msg_id"])

        // ISO 8601 in UTC with microseconds, as jupyter_client parses it.
        let date = try XCTUnwrap(header["date"]?.stringValue)
        let pattern = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$"#
        XCTAssertNotNil(date.range(of: pattern, options: .regularExpression), date)
    }

    func testRepliesRouteBackAndBroadcastsCarryATopic() {
        let factory = MessageFactory(session: "s1")
        let request = Message(
            identities: [[1, 2]], header: ["msg_id": "r1", "msg_type": "complete_request"])
        let reply = factory.reply(to: request, type: "complete_reply", content: ["status": "ok"])
        XCTAssertEqual(reply.identities, [[1, 2]])
        XCTAssertEqual(reply.parentID, "r1")

        let welcome = factory.broadcast(type: "iopub_welcome", content: ["subscription": ""], parent: nil)
        XCTAssertEqual(welcome.parentHeader, [:])
        XCTAssertEqual(welcome.identities, [Array("kernel.s1.iopub_welcome".utf8)])
    }

    func testDisplayWithoutAnIDHasAnEmptyTransient() {
        let sink = InMemorySink()
        let parent = Message(header: ["msg_id": "p", "msg_type": "execute_request"])
        let output = IOPubOutput(sink: sink, factory: MessageFactory(), parent: parent)
        output.display(["text/plain": "x"], displayID: nil)
        output.stream(.stderr, "warn")
        let sent = sink.all.map(\.message)
        XCTAssertEqual(sent.map(\.type), ["display_data", "stream"])
        XCTAssertEqual(sent[0].content["transient"], [:])
        XCTAssertEqual(sent[1].content, ["name": "stderr", "text": "warn"])
        XCTAssertTrue(sink.all.allSatisfy { $0.channel == .iopub })
    }
}
