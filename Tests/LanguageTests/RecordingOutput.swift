import Language
import Render
import XCTest

/// A `SessionOutput` that records everything, for assertions.
final class RecordingOutput: SessionOutput {
    enum Event: Equatable {
        case write(String, OutputStreamName)
        case show(Rendering, String?)
        case update(Rendering, String)
        case clear(Bool)
    }

    private(set) var events: [Event] = []

    var stdout: String {
        events.compactMap { if case .write(let text, .stdout) = $0 { return text } else { return nil } }
            .joined()
    }

    var shown: [Rendering] {
        events.compactMap { if case .show(let rendering, _) = $0 { return rendering } else { return nil } }
    }

    func write(_ text: String, to stream: OutputStreamName) { events.append(.write(text, stream)) }
    func show(_ rendering: Rendering, displayID: String?) { events.append(.show(rendering, displayID)) }
    func update(_ rendering: Rendering, displayID: String) { events.append(.update(rendering, displayID)) }
    func clear(wait: Bool) { events.append(.clear(wait)) }
}

extension Session {
    /// Runs a cell that must succeed and returns its result's text/plain (nil for none).
    func runExpectingSuccess(
        _ source: String, output: RecordingOutput = RecordingOutput(), file: StaticString = #filePath,
        line: UInt = #line
    ) -> String? {
        switch run(source, output: output, shouldStop: { false }) {
        case .success(let rendering):
            return rendering?.plain
        case .failure(let error):
            XCTFail(DiagnosticRenderer.plainText(of: error), file: file, line: line)
            return nil
        }
    }

    /// Runs a cell that must fail and returns the rendered error.
    func runExpectingError(
        _ source: String, output: RecordingOutput = RecordingOutput(), file: StaticString = #filePath,
        line: UInt = #line
    ) -> RenderedError? {
        switch run(source, output: output, shouldStop: { false }) {
        case .success:
            XCTFail("expected an error from: \(source)", file: file, line: line)
            return nil
        case .failure(let error):
            return error
        }
    }
}
