import XCTest

@testable import Render

final class DisplayWidthTests: XCTestCase {
    func testWidths() {
        let cases: [(text: String, width: Int)] = [
            ("", 0),
            ("loss", 4),
            ("⣿⣀⠉", 3),  // braille, 3 bytes each in UTF-8
            ("─│┤└┬", 5),  // box drawing
            ("▁▂▃█░▒▓", 7),  // blocks and shades
            ("×·…⋮", 4),
            ("é", 1),  // precomposed
            ("e\u{301}", 1),  // e + combining acute
            ("日本", 4),  // East Asian wide
            ("ｈ", 2),  // fullwidth Latin
            ("😀", 2),
            ("❤️", 2),  // text heart made emoji by a variation selector
            ("a\u{200B}b", 2),  // zero-width space
            ("tab\t", 3),  // control characters take no column
        ]
        for entry in cases {
            XCTAssertEqual(
                DisplayWidth.of(entry.text), entry.width, "width of \(entry.text.debugDescription)")
        }
    }

    func testPaddingUsesDisplayWidth() {
        XCTAssertEqual(DisplayWidth.pad("⣿⣿", to: 4), "⣿⣿  ")
        XCTAssertEqual(DisplayWidth.pad("日", to: 4, alignment: .right), "  日")
        XCTAssertEqual(DisplayWidth.pad("ab", to: 5, alignment: .center), " ab  ")
        XCTAssertEqual(DisplayWidth.pad("toolong", to: 3), "toolong")
    }

    func testTruncationStopsBeforeAWideCharacterThatWouldOverflow() {
        XCTAssertEqual(DisplayWidth.truncate("a日b", to: 2), "a")
        XCTAssertEqual(DisplayWidth.truncate("a日b", to: 3), "a日")
    }
}
