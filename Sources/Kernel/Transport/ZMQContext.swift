import CZeroMQ

/// A libzmq context. libzmq contexts are thread-safe, so this wrapper may be shared.
final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    init() {
        handle = zmq_ctx_new()
    }

    /// Makes every blocking call on this context's sockets return with ETERM.
    func shutdown() {
        zmq_ctx_shutdown(handle)
    }

    /// Waits for every socket to be closed (flushing within their linger time), then frees the context.
    func terminate() {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}

/// The text of a libzmq error number.
func zmqErrorText(_ code: Int32 = zmq_errno()) -> String {
    String(cString: zmq_strerror(code))
}
