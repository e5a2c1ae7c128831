import XCTest

@testable import Render

final class NumberFormatTests: XCTestCase {
    func testSingleValues() {
        let cases: [(value: Double, digits: Int, expected: String)] = [
            (0, 6, "0"),
            (-0.0, 6, "0"),
            (42, 6, "42"),
            (-3, 6, "-3"),
            (0.5, 6, "0.5"),
            (0.1 + 0.2, 6, "0.3"),
            (3.14159265, 6, "3.14159"),
            (3.14159265, 3, "3.14"),
            (3.14159265, 1, "3"),
            (123.456789, 4, "123.5"),
            (-0.000_000_1, 6, "-1e-07"),
            (0.000_123_4, 6, "0.0001234"),
            (0.000_012_34, 6, "1.234e-05"),
            (1_234_567.5, 6, "1.23457e+06"),
            (1_234_567.0, 6, "1234567"),  // integers stay exact (parameter counts)
            (999_999.0, 6, "999999"),
            (1e300, 6, "1e+300"),
            (.nan, 6, "nan"),
            (.infinity, 6, "inf"),
            (-.infinity, 6, "-inf"),
        ]
        for entry in cases {
            XCTAssertEqual(
                NumberFormat(significantDigits: entry.digits).string(entry.value), entry.expected,
                "\(entry.value) with \(entry.digits) digits")
        }
    }

    func testColumnsShareOnePrecision() {
        let cases: [(column: [Double], digits: Int, expected: [String])] = [
            ([1, 2, 30], 6, ["1", "2", "30"]),
            ([0.5, 0.25, 1], 6, ["0.50", "0.25", "1.00"]),
            ([0.693147, 0.001234], 6, ["0.693147", "0.001234"]),
            ([12.3456789, 0.123456789], 6, ["12.3457", "0.1235"]),
            ([1, 2.5, .nan], 6, ["1.0", "2.5", "nan"]),
            ([0.5, 0.00001], 6, ["5e-01", "1e-05"]),
            ([-0.00001, 0.5, 2e6], 3, ["-1e-05", "5e-01", "2e+06"]),
            ([-0.000_012_5, 0.5], 3, ["-1.25e-05", "5.00e-01"]),
            ([-0.001, 10], 2, ["0", "10"]),
            ([-0.0004, 0.5], 2, ["0.0", "0.5"]),
            ([1_000_000, 25_000_000], 3, ["1000000", "25000000"]),
            ([0.5, 100.25], 2, ["5e-01", "1e+02"]),
            ([.infinity, -.infinity], 6, ["inf", "-inf"]),
            ([], 6, []),
        ]
        for entry in cases {
            XCTAssertEqual(
                NumberFormat(significantDigits: entry.digits).strings(entry.column), entry.expected,
                "\(entry.column) with \(entry.digits) digits")
        }
    }

    func testDigitsAreClamped() {
        XCTAssertEqual(NumberFormat(significantDigits: 0).significantDigits, 1)
        XCTAssertEqual(NumberFormat(significantDigits: 40).significantDigits, 17)
    }
}
