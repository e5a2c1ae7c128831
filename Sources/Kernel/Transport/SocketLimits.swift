/// The largest frame each socket accepts (`ZMQ_MAXMSGSIZE`). A peer that sends a bigger
/// one is disconnected by libzmq as soon as the frame's length is read, before its bytes
/// are buffered, and the kernel goes on serving everyone else. Without a limit libzmq
/// buffers whatever arrives: ten 100 MB frames sent to the stdin socket stayed in the
/// kernel's memory, over a gigabyte, after their sender had gone.
///
/// libzmq checks each frame, not the sum of a multipart message's frames.
enum SocketLimits {
    /// Shell, control and stdin carry requests: 64 MiB is far beyond any real cell
    /// (a cell of a megabyte is already a pasted data file).
    static let requestFrameBytes: Int64 = 64 << 20

    /// Iopub receives only subscriptions and the heartbeat only pings: 64 KiB.
    static let smallFrameBytes: Int64 = 64 << 10
}
