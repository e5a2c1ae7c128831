import XCTest

@testable import Language

final class ParserTests: XCTestCase {
    /// Every statement form of DESIGN.md §3 parses without errors.
    func testContractFormsParse() {
        let forms = [
            "print \"hello, world\"", "seed 42", "dtype f64", "digits 6", "data xor",
            "data ring = circles n=200 noise=0.1", "data hand = [[1, 2]] -> [[0]]",
            "data mine = csv \"path/file.csv\" label=species split=0.8",
            "net xor = 2 -> 4 tanh -> 1 sigmoid", "net p = perceptron 2", "net a = adaline 2", "use xor",
            "loss bce", "optim adam lr=0.01", "train 2000 batch=4 every=200",
            "train steps=100 until=loss<0.01",
            "train 10 on ring", "step", "show summary", "plot loss", "plot boundary", "hist grads",
            "heatmap xor.L1.W", "set xor.L1.W = [[1, 1], [1, 1]]", "freeze xor.L1", "unfreeze xor.L1",
            "save xor \"xor.safetensors\"", "load xor \"xor.safetensors\"", "gradcheck",
            "predict [[0, 1], [1, 1]]", "export history \"runs/xor.tsv\"", "help train", "help", "xor.L1.W",
            "optim sgd lr=0.1 momentum=0.9 nesterov=true weight_decay=1e-4", "loss mse reduction=sum",
            "sleep 0.1", "reset", "forward", "backward", "update",
        ]
        for form in forms {
            let output = Parser.parse(form)
            XCTAssertEqual(output.diagnostics.map(\.message), [], form)
            XCTAssertEqual(output.statements.count, 1, form)
        }
    }

    func testNetChainSegments() throws {
        let statement = try onlyCommand("net xor = 2 -> 4 tanh -> 1 sigmoid")
        XCTAssertEqual(statement.target?.name, "xor")
        guard case .chain(let segments, let range)? = statement.arguments.first else {
            return XCTFail("expected a chain")
        }
        XCTAssertEqual(segments.map { $0.map(describe) }, [["2"], ["4", "tanh"], ["1", "sigmoid"]])
        XCTAssertEqual(range.start.column, 11)
        XCTAssertEqual(range.end.column, 35)
    }

    func testAChainContinuesAfterAnArrowAtTheEndOfALine() throws {
        let statement = try onlyCommand("net xor = 2 ->\n    4 tanh ->\n    1 sigmoid")
        guard case .chain(let segments, _)? = statement.arguments.first else { return XCTFail("no chain") }
        XCTAssertEqual(segments.count, 3)
    }

    func testInlineDataIsAChainOfMatrices() throws {
        let statement = try onlyCommand("data hand = [[1, 2],\n  [3, 4]] -> [[0], [1]]")
        guard case .chain(let segments, _)? = statement.arguments.first else { return XCTFail("no chain") }
        XCTAssertEqual(segments.map { $0.map(describe) }, [["[[1, 2], [3, 4]]"], ["[[0], [1]]"]])
    }

    func testOptionsAndComparison() throws {
        let statement = try onlyCommand("train 5 until=loss<0.01 batch=4")
        XCTAssertEqual(statement.arguments.count, 1)
        XCTAssertEqual(statement.options.map(\.name), ["until", "batch"])
        guard case .comparison(let left, .less, let right) = statement.option("until")?.value.kind else {
            return XCTFail("until is not a comparison")
        }
        XCTAssertEqual(left.name, "loss")
        XCTAssertEqual(right.kind, .number(0.01))
    }

    func testSetTargetIsAPath() throws {
        let statement = try onlyCommand("set xor.L1.W = [[1, 1]]")
        XCTAssertEqual(statement.target?.kind, .path(["xor", "L1", "W"]))
        XCTAssertEqual(statement.arguments.count, 1)
    }

    func testBareExpressions() {
        let cases: [(String, ValueExpressionKind)] = [
            ("3", .number(3)), ("\"s\"", .string("s")), ("xor.L1.W", .path(["xor", "L1", "W"])),
            ("[1, 2,]", .list([num(1, 1), num(2, 4)])),
        ]
        for (source, kind) in cases {
            let output = Parser.parse(source)
            XCTAssertEqual(output.diagnostics, [], source)
            guard case .expression(let expression)? = output.statements.first else {
                XCTFail("not an expression: \(source)")
                continue
            }
            XCTAssertEqual(
                describe(ValueExpression(kind, range: expression.range)), describe(expression), source)
        }
    }

    /// Errors resynchronise at line ends: each bad line is reported, the good ones parsed.
    func testResynchronisesAtLineBoundaries() {
        let output = Parser.parse("print [1, 2\nseed 1\nprnt \"x\"\ntrain 10 bach=4\ndigits 3")
        XCTAssertEqual(
            output.diagnostics.map(\.message),
            ["'[' is never closed", "unknown command 'prnt'", "unknown option 'bach' for 'train'"])
        XCTAssertEqual(output.diagnostics.compactMap { $0.range?.start.line }, [1, 3, 4])
        XCTAssertEqual(output.statements.count, 2)
    }

    private func onlyCommand(_ source: String) throws -> CommandStatement {
        let output = Parser.parse(source)
        XCTAssertEqual(output.diagnostics.map(\.message), [])
        guard case .command(let command)? = output.statements.first, output.statements.count == 1 else {
            throw NotASingleCommand(source: source)
        }
        return command
    }

    private func num(_ value: Double, _ offset: Int) -> ValueExpression {
        let position = SourcePosition(line: 1, column: offset + 1, offset: offset)
        return ValueExpression(.number(value), range: SourceRange(position, position))
    }

    /// Source-like text of an expression, ignoring ranges.
    private func describe(_ expression: ValueExpression) -> String {
        switch expression.kind {
        case .number(let value): return value == value.rounded() ? String(Int(value)) : String(value)
        case .string(let text): return "\"\(text)\""
        case .path(let parts): return parts.joined(separator: ".")
        case .list(let items): return "[" + items.map(describe).joined(separator: ", ") + "]"
        case .comparison(let left, let op, let right): return describe(left) + op.rawValue + describe(right)
        }
    }
}

private struct NotASingleCommand: Error {
    var source: String
}
