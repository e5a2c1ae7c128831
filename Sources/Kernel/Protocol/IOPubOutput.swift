/// The `OutputPublisher` handed to the interpreter: every output goes to iopub with
/// the running request as parent.
struct IOPubOutput: OutputPublisher {
    let sink: any MessageSink
    let factory: MessageFactory
    let parent: Message

    func publish(_ type: String, _ content: JSONValue) {
        sink.send(factory.broadcast(type: type, content: content, parent: parent), on: .iopub)
    }

    func stream(_ name: StreamName, _ text: String) {
        publish("stream", ["name": .string(name.rawValue), "text": .string(text)])
    }

    func display(_ data: MimeBundle, displayID: String?) {
        var transient: JSONValue = [:]
        if let displayID { transient = ["display_id": .string(displayID)] }
        publish("display_data", ["data": JSONValue(data), "metadata": [:], "transient": transient])
    }

    func updateDisplay(_ data: MimeBundle, displayID: String) {
        publish(
            "update_display_data",
            ["data": JSONValue(data), "metadata": [:], "transient": ["display_id": .string(displayID)]])
    }

    func clearOutput(wait: Bool) {
        publish("clear_output", ["wait": .bool(wait)])
    }
}

/// The publisher for `silent` cells: the protocol says they broadcast nothing.
struct DiscardingOutput: OutputPublisher {
    func stream(_ name: StreamName, _ text: String) {}
    func display(_ data: MimeBundle, displayID: String?) {}
    func updateDisplay(_ data: MimeBundle, displayID: String) {}
    func clearOutput(wait: Bool) {}
}
