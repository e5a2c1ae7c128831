import Engine
import Render
import XCTest

@testable import Language

/// Help says what the code does: its lists come from the tables the code reads, and every path,
/// option and default it shows is checked against a running session.
final class HelpTruthTests: XCTestCase {
    private func help(_ cell: String) throws -> Rendering {
        let output = RecordingOutput()
        XCTAssertNil(Session().runExpectingSuccess(cell, output: output), cell)
        return try XCTUnwrap(output.shown.first, cell)
    }

    func testNoHelpShowsAMeaninglessDefault() throws {
        let texts = [HelpText.overview()] + CommandCatalogue.all.map { HelpText.help(for: $0) }
        for rendering in texts {
            for text in [rendering.plain, rendering.markdown ?? ""] {
                XCTAssertFalse(text.contains("default default"), String(text.prefix(40)))
                XCTAssertFalse(text.contains("(default )"), String(text.prefix(40)))
            }
        }
        let net = try help("help net").plain
        XCTAssertTrue(
            net.contains("default        W and b ~ U(±1/√in), as PyTorch's nn.Linear (the default)"), net)
    }

    func testHelpNetDocumentsEveryLayerFormActivationAndInitialisation() throws {
        let net = try help("help net").plain
        for form in ["UNITS [ACTIVATION]", "dropout P", "layernorm", "perceptron N", "adaline N"] {
            XCTAssertTrue(net.contains("\n  \(form)  "), form)
        }
        for entry in ActivationRegistry.all { XCTAssertTrue(net.contains(entry.formula), entry.name) }
        for entry in InitializerRegistry.all { XCTAssertTrue(net.contains(entry.meaning), entry.name) }
        // Each layer form help names is one the parser takes, under the name help gives it.
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "net d = 2 -> 4 relu -> dropout 0.5 -> layernorm -> 3 -> 1 sigmoid\nnet p = perceptron 2\nnet a = adaline 3"
            ))
        XCTAssertEqual(session.state.nets["d"]?.network.layers.map(\.name), ["L1", "L2", "L3", "L4", "L5"])
        XCTAssertEqual(
            session.state.nets["d"]?.network.layers[2].parameters.map(\.name), ["L3.gamma", "L3.beta"])
        XCTAssertEqual(session.state.nets["p"]?.rule, .perceptron)
        XCTAssertEqual(session.state.nets["a"]?.rule, .lms)
    }

    /// The registries list exactly what the engine parses, so help can neither miss nor invent one.
    func testRegistriesMatchTheEngine() throws {
        XCTAssertEqual(LossRegistry.names, Loss.Kind.allCases.map(\.rawValue))
        for entry in LossRegistry.all {
            XCTAssertEqual(
                entry.reductions, Loss.Reduction.allCases.filter { Loss.accepts($0, for: entry.kind) },
                entry.name)
        }
        XCTAssertEqual(Set(ActivationRegistry.names), Set(Activation.names))
        for entry in ActivationRegistry.all {
            XCTAssertEqual(Activation(name: entry.name)?.description, entry.name)
            for alias in entry.aliases {
                XCTAssertEqual(Activation(name: alias), Activation(name: entry.name))
            }
        }
        XCTAssertEqual(InitializerRegistry.all.first?.name, InitializerRegistry.defaultName)
        for entry in InitializerRegistry.all {
            XCTAssertTrue(Initializer.names.contains(entry.name), entry.name)
        }
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess("net z = 3 -> 2 init=zeros\nnet d = 3 -> 2"))
        XCTAssertEqual(
            session.state.nets["z"]?.network.parameters.flatMap(\.scalars).allSatisfy { $0 == 0 }, true)
        let bound = 1 / 3.0.squareRoot()
        let drawn = try XCTUnwrap(session.state.nets["d"]).network.parameters.flatMap(\.scalars)
        XCTAssertTrue(drawn.allSatisfy { abs($0) <= bound } && drawn.contains { $0 != 0 }, "\(drawn)")
    }

    func testHelpLossSaysWhichReductionsApply() throws {
        let loss = try help("help loss").plain
        for entry in LossRegistry.all { XCTAssertTrue(loss.contains("  \(entry.name) "), entry.name) }
        XCTAssertTrue(loss.contains("a sum by definition (reduction=sum only)"))
        // What help says each loss takes is what `loss` takes.
        for entry in LossRegistry.all {
            for reduction in Loss.Reduction.allCases {
                let cell = "net n = 2 -> 2 softmax\nloss \(entry.name) reduction=\(reduction.rawValue)"
                let outcome = Session().run(cell, output: RecordingOutput(), shouldStop: { false })
                if case .failure = outcome {
                    XCTAssertFalse(entry.reductions.contains(reduction), cell)
                } else {
                    XCTAssertTrue(entry.reductions.contains(reduction), cell)
                }
            }
        }
    }

    func testHelpOverviewDocumentsCommentsValuesAndPaths() throws {
        let overview = try help("help").plain
        for text in [
            "#  ", "starts a comment", "NAME =", "key=value", "\"text\"", "[[1, 2], [3, 4]]",
            "NET.Lk.W  NET.Lk.b",
            "set NET.Lk.lr = RATE",
        ] {
            XCTAssertTrue(overview.contains(text), text)
        }
        // Every field completion offers after a path is one help documents.
        for field in PathChildren.netFields + PathChildren.layerFields + PathChildren.dataFields + ["grad"] {
            XCTAssertTrue(overview.contains(".\(field)"), field)
        }
    }

    /// Each path the overview lists resolves in a session that has a trained net with a
    /// layernorm and a data set, its name and layer put in for NET, Lk and DATA.
    func testEveryPathHelpListsResolves() throws {
        let session = Session()
        XCTAssertNil(
            session.runExpectingSuccess(
                "data xor\nnet n = 2 -> 4 tanh -> layernorm -> 1 sigmoid\ntrain 2\nstep\nset n.L1.lr = 0.5"))
        var paths: [String] = []
        for row in LanguageSyntax.paths.rows where !row.term.hasPrefix("set ") {
            var base = ""
            for piece in row.term.components(separatedBy: "  ") {
                let full = piece.hasPrefix(".") ? base + piece : piece
                base = String(full[..<(full.lastIndex(of: ".") ?? full.endIndex)])
                if full.hasSuffix("[.COLUMN]") {
                    let stem = String(full.dropLast("[.COLUMN]".count))
                    paths += [stem] + TrainingHistory.columns.map { "\(stem).\($0)" }
                } else {
                    paths.append(full)
                }
            }
        }
        paths += ["NET.L2.gamma", "NET.L2.beta", "NET.L2.gamma.grad"]
        XCTAssertGreaterThan(paths.count, 20)
        for path in paths {
            let concrete = path.replacingOccurrences(of: "NET", with: "n").replacingOccurrences(
                of: "DATA", with: "xor"
            )
            .replacingOccurrences(of: "Lk", with: "L1")
            XCTAssertNotNil(session.runExpectingSuccess(concrete), concrete)
        }
    }

    /// Every option each command's help lists is one the command's validator takes.
    func testEveryOptionHelpListsIsAccepted() throws {
        for spec in CommandCatalogue.all {
            let help = HelpText.help(for: spec).plain
            // The example's first line of the command (an example may set up a net before it),
            // without its options, is a statement of the command.
            let lines = spec.example.split(separator: "\n")
            let line = lines.first { $0.hasPrefix(spec.name + " ") || $0 == spec.name } ?? lines[0]
            let example = String(line).split(separator: " ")
                .filter { !$0.contains("=") || $0 == "=" }.joined(separator: " ")
            for option in spec.options {
                XCTAssertTrue(
                    help.contains("  \(option.name)=\(option.type.description)"),
                    "\(spec.name) \(option.name)")
                let value: String
                switch option.type {
                case .integer: value = "2"
                case .number: value = "0.5"
                case .string: value = "\"x\""
                case .name: value = "xor"
                case .boolean: value = "true"
                case .choice(let choices): value = choices[0]
                case .choices(let choices): value = "[\(choices[0]), \(choices[1])]"
                case .numberOrChoice(let choices): value = choices[0]
                case .comparison: value = "loss<0.5"
                }
                let statement = "\(example) \(option.name)=\(value)"
                XCTAssertEqual(Parser.parse(statement).diagnostics.map(\.message), [], statement)
            }
        }
    }
}
