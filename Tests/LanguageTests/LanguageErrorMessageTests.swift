import XCTest

@testable import Language

/// Every `LanguageError` case, worded: its ename, its one sentence and its notes, as a table.
/// `caseName` switches over the cases without a default, so a new case does not compile until
/// it is named there, and `testTheSamplesCoverEveryCase` fails until it has a sample here.
final class LanguageErrorMessageTests: XCTestCase {
    private static let here = SourceRange(
        SourcePosition(line: 1, column: 1, offset: 0), SourcePosition(line: 1, column: 4, offset: 3))

    private let samples: [(error: LanguageError, name: String, message: String, notes: [String])] = [
        (
            .unknownName(what: "net", name: "xo", candidates: ["xor", "ring"], at: here), "NameError",
            "unknown net 'xo'", ["did you mean 'xor'?"]
        ),
        (
            .unknownName(what: "loss", name: "zzz", candidates: ["mse", "bce"], at: here), "NameError",
            "unknown loss 'zzz'", ["valid choices: mse, bce"]
        ),
        (
            .unknownMember(owner: "net 'x'", what: "layer", name: "L9", candidates: ["L1", "L2"], at: here),
            "NameError", "net 'x' has no layer 'L9'", ["did you mean 'L1'?"]
        ),
        (
            .unknownMember(
                owner: "net 'x'", what: "layer", name: "L3", candidates: ["L1"], qualifier: "with parameters",
                at: here), "NameError", "net 'x' has no layer 'L3' with parameters", ["did you mean 'L1'?"]
        ),
        (
            .unknownCommandBeforeEquals(name: "xor", at: here), "NameError", "unknown command 'xor'",
            ["to make a net or data set, write: net xor = ... or data xor = ..."]
        ),
        (
            .unknownCommandBeforeEquals(name: "trian", at: here), "NameError", "unknown command 'trian'",
            ["did you mean 'train'?"]
        ),
        (
            .unknownKeyword(command: "show", word: "sumary", keywords: ["summary", "weights"], at: here),
            "NameError", "'show' cannot take 'sumary'", ["did you mean 'summary'?"]
        ),
        (
            .unknownOption(option: "bach", owner: .command("train"), accepted: ["batch", "every"], at: here),
            "NameError", "unknown option 'bach' for 'train'", ["did you mean 'batch'?"]
        ),
        (
            .unknownOption(option: "now", owner: .command("reset"), accepted: [], at: here), "NameError",
            "unknown option 'now' for 'reset'", ["'reset' takes no options"]
        ),
        (
            .unknownOption(option: "nois", owner: .dataSet("circles"), accepted: ["n", "noise"], at: here),
            "NameError", "unknown option 'nois' for data set 'circles'", ["did you mean 'noise'?"]
        ),
        (
            .unknownOption(
                option: "momentum", owner: .optimizer("adam"), accepted: ["lr", "betas"], at: here),
            "NameError", "optimizer 'adam' has no option 'momentum'", ["adam takes: lr, betas"]
        ),
        (
            .noneYet(.net, at: here), "NameError", "there is no net yet",
            ["make one first, for example: net xor = 2 -> 4 tanh -> 1 sigmoid"]
        ),
        (
            .noneYet(.dataSet, at: here), "NameError", "there is no data set yet",
            ["make one first, for example: data xor"]
        ),
        (
            .reservedName(name: "train", at: here), "NameError",
            "'train' is a command, so it cannot name a net or data set",
            ["choose another name, such as 'train1'"]
        ),
        (
            .invalidChoice(
                option: "reduction", value: "avg", choices: ["mean", "sum"], inList: false, at: here),
            "ValueError", "option 'reduction' cannot be 'avg'", ["valid choices: mean, sum"]
        ),
        (
            .invalidChoice(
                option: "watch", value: "los", choices: ["loss", "ratio"], inList: true, at: here),
            "ValueError", "option 'watch' cannot take 'los'", ["did you mean 'loss'?"]
        ),
        (
            .repeatedChoice(option: "watch", value: "loss", at: here), "ValueError",
            "option 'watch' names 'loss' twice", []
        ),
        (
            .wrongType(.argument(command: "train"), expected: "a whole number", at: here), "ValueError",
            "'train' expects a whole number here", []
        ),
        (
            .wrongType(.option("batch", given: "2.5"), expected: "a whole number", at: here), "ValueError",
            "option 'batch' takes a whole number but was given 2.5", []
        ),
        (.wrongType(.value, expected: "numbers", at: here), "ValueError", "expected numbers", []),
        (
            .numberOutOfRange(value: 40, of: "'digits'", expected: "a whole number from 1 to 17", at: here),
            "ValueError", "40 is out of range for 'digits'", ["expected a whole number from 1 to 17"]
        ),
        (
            .outOfRange(subject: "option 'clip'", mustBe: "positive", at: here), "ValueError",
            "option 'clip' must be positive", []
        ),
        (
            .outOfRange(subject: "alpha", mustBe: "between 0 and 1", notes: ["a note"], at: here),
            "ValueError",
            "alpha must be between 0 and 1", ["a note"]
        ),
        (
            .optionNotApplicable(option: "val", appliesTo: "loss charts", at: here), "ValueError",
            "option 'val' is for loss charts only", []
        ),
        (
            .optionNotForSource(
                option: "noise", source: "csv files", accepted: ["split", "label"], at: here),
            "ValueError", "option 'noise' does not apply to csv files", ["csv files take: label, split"]
        ),
        (
            .eitherOr(first: "epochs", second: "steps=", at: here), "ValueError",
            "give epochs or steps=, not both", []
        ),
        (
            .notAllowed(why: "net 'x' has no gradients yet", notes: ["run backward first"], at: here),
            "ValueError", "net 'x' has no gradients yet", ["run backward first"]
        ),
        (
            .lacks(owner: "net 'x'", what: "gradients yet", remedy: "run backward first", at: here),
            "ValueError",
            "net 'x' has no gradients yet", ["run backward first"]
        ),
        (
            .lacks(owner: nil, what: "trained net to compare", at: here), "ValueError",
            "there is no trained net to compare", []
        ),
        (
            .needsBackprop(.parallel, net: "p", rule: .perceptron, at: here), "ValueError",
            "net 'p' learns by the perceptron rule, which has no backpropagated gradient to split over workers",
            ["a net of layers trained by backprop takes parallel, e.g. optim sgd"]
        ),
        (
            .needsBackprop(.workers, net: "a", rule: .lms, at: here), "ValueError",
            "net 'a' learns by the lms rule, which has no backpropagated gradient to split over workers",
            ["workers= is for nets trained by backprop"]
        ),
        (
            .needsBackprop(.gradientCheck, net: "p", rule: .perceptron, at: here), "ValueError",
            "gradcheck needs a net trained by backprop, not by the perceptron rule", []
        ),
        (
            .needsBackprop(.adapter, net: "p", rule: .perceptron, at: here), "ValueError",
            "net 'p' learns by a classic rule, which has no gradient for an adapter",
            ["LoRA adapts a net of layers trained by backprop"]
        ),
        (
            .needsBackprop(.accumulation, net: "p", rule: .perceptron, at: here), "ValueError",
            "accum= adds gradients, and the perceptron and ADALINE rules have none to add",
            ["accum= is for nets trained by backprop"]
        ),
        (
            .needsBackprop(.precision, net: "a", rule: .lms, at: here), "ValueError",
            "precision= rounds a backward pass, and the lms rule of net 'a' has none",
            ["precision= is for nets trained by backprop"]
        ),
        (
            .needsBackprop(.torchExport, net: "p", rule: .perceptron, at: here), "ValueError",
            "net 'p' learns by the perceptron rule, which torch.optim has no counterpart for",
            ["export torch carries nets trained by backprop (optim sgd, adam, adamw, rmsprop or adagrad)"]
        ),
        (
            .overBudget(
                LanguageError.MemoryRefusal(
                    statement: "'data'", parts: [.init(what: "inputs and targets", bytes: 3_000_000_000)],
                    smaller: "fewer examples (n=)", held: 1_000_000_000, limit: 2_000_000_000), at: here),
            "ValueError", "'data' needs about 3 GB of memory, but the session holds 1 GB of its 2 GB budget",
            [
                "3 GB: inputs and targets",
                "raise the budget with 'memory 4 GB', or ask for fewer examples (n=)",
            ]
        ),
        (
            .argumentForm(command: "lrfind", takes: "a net's name", at: here), "SyntaxError",
            "lrfind takes a net's name", []
        ),
        (
            .expected(what: "',' or ']'", found: "number 2", at: here), "SyntaxError",
            "expected ',' or ']' but found number 2", []
        ),
        (.expected(what: "a net name", at: here), "SyntaxError", "expected a net name", []),
        (
            .unexpected(what: "character '$'", at: here), "SyntaxError", "unexpected character '$'", []
        ),
        (
            .argumentCount(command: "seed", accepted: 1...1, given: 2, at: here), "SyntaxError",
            "'seed' takes 1 argument but was given 2", ["usage: seed N"]
        ),
        (
            .argumentCount(command: "seed", accepted: nil, given: 0, at: here), "SyntaxError",
            "'seed' needs more arguments", ["usage: seed N"]
        ),
        (
            .argumentCount(command: "nosuch", accepted: 0...2, given: 3, at: here), "SyntaxError",
            "'nosuch' takes at most 2 arguments but was given 3", []
        ),
        (
            .repeatedOption(option: "batch", at: here), "SyntaxError", "option 'batch' is given twice", []
        ),
        (
            .syntax(why: "a net's name is a single word", at: here), "SyntaxError",
            "a net's name is a single word",
            []
        ),
        (
            .malformed(.continuationNotAtLineEnd, at: here), "SyntaxError", "'\\' must end its line", []
        ),
        (
            .malformed(.unknownEscape("q"), at: here), "SyntaxError", "unknown escape '\\q' in a string",
            ["valid escapes: \\n \\t \\\" \\\\"]
        ),
        (
            .malformed(.unterminatedString, at: here), "SyntaxError", "unterminated string",
            ["a string ends with \" on the same line"]
        ),
        (
            .malformed(.number("1e"), at: here), "SyntaxError", "malformed number '1e'", []
        ),
        (
            .malformed(.longName(length: 300, maximum: 256), at: here), "SyntaxError",
            "a name has at most 256 characters, and this one has 300", []
        ),
        (
            .malformed(.unclosedBracket, at: here), "SyntaxError", "'[' is never closed",
            ["expected ']' to match it"]
        ),
        (
            .malformed(.deepList(level: 65, maximum: 64), at: here), "SyntaxError",
            "lists nest at most 64 deep, and this '[' opens level 65",
            ["a matrix needs two: [[1, 2], [3, 4]]"]
        ),
        (
            .shapeMismatch(why: "a heatmap needs a matrix", at: here), "ShapeError",
            "a heatmap needs a matrix",
            []
        ),
        (
            .file(.unreadableText(path: "a.txt", exists: false), at: here), "FileError",
            "cannot read 'a.txt' as UTF-8 text", ["no such file"]
        ),
        (
            .file(.unreadableText(path: "a.bin", exists: true), at: here), "FileError",
            "cannot read 'a.bin' as UTF-8 text", ["it is not UTF-8 text"]
        ),
        (
            .file(.directoryNotMade(path: "out", reason: "Permission denied"), at: here), "FileError",
            "cannot make the directory out: Permission denied", []
        ),
        (
            .engine(.engine(.axisOutOfRange(axis: 3, rank: 2)), at: here), "ShapeError",
            "axis 3 is out of range for a tensor of rank 2", []
        ),
        (
            .engine(
                .checkpointFile(.fileUnreadable(path: "f.safetensors", reason: "no such file")), at: here),
            "FileError", "cannot read 'f.safetensors': no such file", []
        ),
        (
            .engine(.checkpoint(.noAdapters), at: here), "ValueError",
            "the net has no LoRA adapters to save; add them with lora, or save the whole net without adapters",
            []
        ),
        (
            .engine(.render(.fileWrite(path: "a.csv", reason: "denied")), at: here), "FileError",
            "cannot write 'a.csv': denied; any existing file is unchanged", []
        ),
        (.engine(.other("something odd"), at: here), "ValueError", "something odd", []),
        (
            .interrupted(.beforeStatement, at: here), "Interrupted", "interrupted before this statement ran",
            []
        ),
        (.interrupted(.during("gradcheck"), at: here), "Interrupted", "interrupted during gradcheck", []),
        (
            .interrupted(.training(net: "x", step: 12, epoch: 3), at: here), "Interrupted",
            "training interrupted; 'x' is kept at step 12 (epoch 3), its last complete step", []
        ),
        (
            .interrupted(.rateFinder(net: "x", step: 4), at: here), "Interrupted",
            "lrfind interrupted at step 4; net 'x' is as it was", []
        ),
        (
            .interrupted(.sampling(words: 2), at: here), "Interrupted",
            "sample interrupted after 2 words; nothing changed", []
        ),
    ]

    func testEveryCaseIsWordedWithItsKind() {
        for sample in samples {
            let diagnostic = sample.error.diagnostic
            XCTAssertEqual(diagnostic.kind.rawValue, sample.name, sample.message)
            XCTAssertEqual(diagnostic.message, sample.message)
            XCTAssertEqual(diagnostic.notes, sample.notes, sample.message)
            XCTAssertEqual(diagnostic.range, Self.here, sample.message)
        }
    }

    func testTheSamplesCoverEveryCase() {
        XCTAssertEqual(Set(samples.map { Self.caseName($0.error) }), Set(Self.caseNames))
    }

    /// A long name is quoted by its start: a one-sentence error does not repeat a word of 256 letters.
    func testAnUnknownNameIsQuotedShort() {
        let long = String(repeating: "a", count: 50)
        let error = LanguageError.unknownName(what: "net", name: long, candidates: [], at: nil)
        XCTAssertEqual(error.message, "unknown net '\(String(repeating: "a", count: 39))…'")
        XCTAssertNil(error.diagnostic.range)
    }

    /// Every case's name; a case added to `LanguageError` is added here, with a sample above.
    private static let caseNames = [
        "unknownName", "unknownMember", "unknownCommandBeforeEquals", "unknownKeyword", "unknownOption",
        "noneYet", "reservedName", "invalidChoice", "repeatedChoice", "wrongType", "numberOutOfRange",
        "outOfRange", "optionNotApplicable", "optionNotForSource", "eitherOr", "lacks", "needsBackprop",
        "overBudget",
        "notAllowed",
        "argumentForm", "malformed", "expected",
        "unexpected", "argumentCount", "repeatedOption", "syntax", "shapeMismatch", "file", "engine",
        "interrupted",
    ]

    /// No default: a new case fails to compile here until it is named.
    private static func caseName(_ error: LanguageError) -> String {
        switch error {
        case .unknownName: "unknownName"
        case .unknownMember: "unknownMember"
        case .unknownCommandBeforeEquals: "unknownCommandBeforeEquals"
        case .unknownKeyword: "unknownKeyword"
        case .unknownOption: "unknownOption"
        case .noneYet: "noneYet"
        case .reservedName: "reservedName"
        case .invalidChoice: "invalidChoice"
        case .repeatedChoice: "repeatedChoice"
        case .wrongType: "wrongType"
        case .numberOutOfRange: "numberOutOfRange"
        case .outOfRange: "outOfRange"
        case .optionNotApplicable: "optionNotApplicable"
        case .optionNotForSource: "optionNotForSource"
        case .eitherOr: "eitherOr"
        case .lacks: "lacks"
        case .needsBackprop: "needsBackprop"
        case .overBudget: "overBudget"
        case .notAllowed: "notAllowed"
        case .argumentForm: "argumentForm"
        case .malformed: "malformed"
        case .expected: "expected"
        case .unexpected: "unexpected"
        case .argumentCount: "argumentCount"
        case .repeatedOption: "repeatedOption"
        case .syntax: "syntax"
        case .shapeMismatch: "shapeMismatch"
        case .file: "file"
        case .engine: "engine"
        case .interrupted: "interrupted"
        }
    }
}
