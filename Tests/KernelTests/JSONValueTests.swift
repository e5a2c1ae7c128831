import XCTest

@testable import Kernel

final class JSONValueTests: XCTestCase {
    func testParsesEveryKindOfValue() throws {
        let cases: [(text: String, value: JSONValue)] = [
            ("null", nil),
            ("true", true),
            ("false", false),
            ("0", 0),
            ("-12.5e1", -125),
            ("1e-3", 0.001),
            (#""a\"b\\c\/\n\t""#, "a\"b\\c/\n\t"),
            (#""\u00e9\ud83d\ude00""#, "é😀"),
            ("\"é😀\"", "é😀"),
            (" [ 1 , [ ] , { } ] ", [1, [], [:]]),
            (#"{"a": {"b": [true, null]}}"#, ["a": ["b": [true, nil]]]),
        ]
        for (text, value) in cases {
            XCTAssertEqual(try JSONValue.parse(Array(text.utf8)), value, text)
        }
    }

    func testBooleansAndNumbersStayApart() throws {
        let value = try JSONValue.parse(Array(#"{"t": true, "one": 1}"#.utf8))
        XCTAssertEqual(value["t"]?.boolValue, true)
        XCTAssertNil(value["t"]?.intValue)
        XCTAssertEqual(value["one"]?.intValue, 1)
        XCTAssertNil(value["one"]?.boolValue)
    }

    func testRejectsMalformedText() {
        let cases = [
            "", "{", "[1,", "{\"a\" 1}", "{a: 1}", "tru", "\"open", "\"\\x\"", "1 2", "\"\\ud83d\"", "[1,]x",
            "\"tab\there\"", String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        ]
        for text in cases {
            XCTAssertThrowsError(try JSONValue.parse(Array(text.utf8)), text)
        }
        XCTAssertThrowsError(try JSONValue.parse([0x22, 0xFF, 0x22]), "invalid UTF-8")
    }

    func testSerializesCompactlyWithSortedKeysAndEscapes() {
        let value: JSONValue = ["b": [1, 2.5, nil], "a": "q\"\\\n\u{1}é"]
        XCTAssertEqual(
            String(decoding: value.serialized(), as: UTF8.self), #"{"a":"q\"\\\n\u0001é","b":[1,2.5,null]}"#)
    }

    func testSerializedTextParsesBackToTheSameValue() throws {
        let value: JSONValue = ["x": ["y": [true, false, nil, -3, 0.125, "😀\t"]], "": [:]]
        XCTAssertEqual(try JSONValue.parse(value.serialized()), value)
    }
}
