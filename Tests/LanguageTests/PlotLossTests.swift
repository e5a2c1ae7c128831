import XCTest

@testable import Language

/// `plot loss` with several nets: validation curves on request, a log axis that fits the data.
final class PlotLossTests: XCTestCase {
    func testSeveralNetsOverlayValidationCurvesOnRequest() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(SessionFixtures.twoTrainedNets))
        let plain = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("plot loss a b", output: plain))
        let legend = try XCTUnwrap(plain.shown.last?.plain.split(separator: "\n").last)
        XCTAssertFalse(legend.contains("val"), String(legend))
        let withValidation = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("plot loss a b val=true", output: withValidation))
        let fullLegend = try XCTUnwrap(withValidation.shown.last?.plain.split(separator: "\n").last)
        XCTAssertTrue(fullLegend.contains("a val") && fullLegend.contains("b val"), String(fullLegend))
    }

    /// On a log axis the curves reach both the top and the bottom plot rows: no empty half.
    func testLogAxisFitsTheData() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess(SessionFixtures.twoTrainedNets))
        let output = RecordingOutput()
        XCTAssertNil(session.runExpectingSuccess("plot loss a b log=true height=12", output: output))
        let rows = try XCTUnwrap(output.shown.last?.plain).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .filter { $0.contains("│") || $0.contains("┤") }
        func plotted(_ row: Substring) -> Bool {
            let body = row.drop { $0 != "│" && $0 != "┤" }.dropFirst()
            return body.contains { $0 != " " }
        }
        XCTAssertEqual(rows.count, 12)
        XCTAssertTrue(plotted(rows[0]), rows.joined(separator: "\n"))
        XCTAssertTrue(plotted(rows[rows.count - 1]), rows.joined(separator: "\n"))
    }
}
