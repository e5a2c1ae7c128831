import Engine
import XCTest

@testable import Language

/// `help optim` tells the truth: each default it shows is the value the engine optimizer made
/// from the registry runs with, and each option it lists is one `optim` takes.
final class OptimizerRegistryTests: XCTestCase {
    /// What an engine optimizer runs with, read back from its own properties under the option
    /// names, with the kind of engine optimizer each name must make.
    private func engineValues(_ optimizer: any Optimizer, for name: String) -> [String: Double]? {
        switch (name, optimizer) {
        case ("sgd", let sgd as SGD):
            return [
                "lr": sgd.learningRate, "momentum": sgd.momentum, "dampening": sgd.dampening,
                "nesterov": sgd.nesterov ? 1 : 0, "weight_decay": sgd.weightDecay,
            ]
        case ("adam", let adam as Adam), ("adamw", let adam as Adam):
            XCTAssertEqual(adam.decoupled, name == "adamw", name)
            XCTAssertFalse(adam.amsgrad, name)
            return [
                "lr": adam.learningRate, "beta1": adam.beta1, "beta2": adam.beta2, "eps": adam.epsilon,
                "weight_decay": adam.weightDecay,
            ]
        case ("rmsprop", let rmsprop as RMSprop):
            XCTAssertFalse(rmsprop.centered)
            return [
                "lr": rmsprop.learningRate, "alpha": rmsprop.alpha, "eps": rmsprop.epsilon,
                "momentum": rmsprop.momentum, "weight_decay": rmsprop.weightDecay,
            ]
        case ("adagrad", let adagrad as Adagrad):
            return ["lr": adagrad.learningRate, "weight_decay": adagrad.weightDecay]
        case ("perceptron", let classic as ClassicUpdate), ("lms", let classic as ClassicUpdate):
            return ["lr": classic.learningRate]
        default:
            return nil
        }
    }

    /// The `key=value` pairs `help optim` shows under each optimizer's name, as numbers.
    private func helpDefaults() throws -> [String: [String: Double]] {
        let output = RecordingOutput()
        XCTAssertNil(Session().runExpectingSuccess("help optim", output: output))
        let lines = try XCTUnwrap(output.shown.first).plain.components(separatedBy: "\n")
        let heading = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("Optimizers") })
        var found: [String: [String: Double]] = [:]
        var index = heading + 1
        while index + 1 < lines.count, !lines[index].isEmpty {
            let name = String(lines[index].split(separator: " ")[0])
            var values: [String: Double] = [:]
            for pair in lines[index + 1].split(separator: " ") {
                let parts = pair.split(separator: "=").map(String.init)
                XCTAssertEqual(parts.count, 2, "\(name): \(pair)")
                let value = parts[1] == "true" ? 1 : parts[1] == "false" ? 0 : Double(parts[1])
                values[parts[0]] = try XCTUnwrap(value, "\(name): \(pair)")
            }
            found[name] = values
            index += 2
        }
        return found
    }

    func testEveryDefaultHelpShowsIsTheOneTheEngineOptimizerUses() throws {
        let shown = try helpDefaults()
        XCTAssertEqual(Set(shown.keys), Set(OptimizerRegistry.names))
        for entry in OptimizerRegistry.all {
            let made = OptimizerChoice(name: entry.name, settings: [:]).makeOptimizer()
            let used = try XCTUnwrap(
                engineValues(made, for: entry.name), "\(entry.name) made \(type(of: made))")
            XCTAssertEqual(shown[entry.name], used, entry.name)
            XCTAssertEqual(Set(used.keys), Set(entry.options.map(\.name)), "\(entry.name): options read back")
        }
    }

    /// The values given reach the engine each under its own name (no option feeds another's
    /// parameter, which equal defaults would hide).
    func testEveryGivenValueReachesItsOwnParameter() throws {
        for entry in OptimizerRegistry.all {
            var settings: [String: Double] = [:]
            for (index, option) in entry.options.enumerated() {
                settings[option.name] =
                    option.kind == .flag ? 1 - option.defaultValue : 0.5 + Double(index) / 64
            }
            let made = OptimizerChoice(name: entry.name, settings: settings).makeOptimizer()
            XCTAssertEqual(engineValues(made, for: entry.name), settings, entry.name)
        }
    }

    /// The defaults are PyTorch's, as the engine's own initialisers give them, except the
    /// learning rate, which torch.optim.SGD has no default for.
    func testDefaultsFollowPyTorchExceptSGDsRate() throws {
        let pytorch: [(String, any Optimizer)] = [
            ("sgd", SGD(learningRate: 0.1)), ("adam", Adam()), ("adamw", Adam.adamW()),
            ("rmsprop", RMSprop()),
            ("adagrad", Adagrad()),
        ]
        let exceptions: Set<String> = ["sgd.lr"]
        for (name, reference) in pytorch {
            let ours = try XCTUnwrap(
                engineValues(OptimizerChoice(name: name, settings: [:]).makeOptimizer(), for: name))
            let theirs = try XCTUnwrap(engineValues(reference, for: name))
            for (option, value) in ours where !exceptions.contains("\(name).\(option)") {
                XCTAssertEqual(value, theirs[option], "\(name).\(option)")
            }
        }
        XCTAssertEqual(OptimizerChoice(name: "adagrad", settings: [:]).learningRate, 0.01)
        XCTAssertEqual(Adagrad().learningRate, 0.01)
    }

    /// Every option `help optim` lists is taken by the optimizers that read it and refused by the
    /// others, as the registry says; besides them, `LAYER.lr` (a layer's own rate) is for all.
    func testOptimTakesExactlyTheOptionsOfEachOptimizer() throws {
        var spec = try XCTUnwrap(CommandCatalogue.spec(named: "optim"))
        let help = HelpText.help(for: spec).plain
        XCTAssertEqual(spec.options.last?.name, CommandSpec.layerRateOption)
        XCTAssertTrue(help.contains("  LAYER.lr=number  "))
        spec.options.removeLast()
        XCTAssertEqual(
            Set(spec.options.map(\.name)), Set(OptimizerRegistry.all.flatMap { $0.options.map(\.name) }))
        for option in spec.options {
            XCTAssertTrue(help.contains("  \(option.name)=\(option.type.description)  "), option.name)
        }
        for entry in OptimizerRegistry.all {
            XCTAssertEqual(spec.optionsByKeyword[entry.name], entry.options.map(\.name), entry.name)
            for option in spec.options {
                let value = option.type == .boolean ? "true" : "0.5"
                let cell = "net n = 2 -> 1\noptim \(entry.name) \(option.name)=\(value)"
                if entry.option(option.name) != nil {
                    XCTAssertNil(Session().runExpectingSuccess(cell), cell)
                } else {
                    let error = try XCTUnwrap(Session().runExpectingError(cell), cell)
                    XCTAssertEqual(error.name, "NameError", cell)
                    XCTAssertEqual(
                        error.value, "optimizer '\(entry.name)' has no option '\(option.name)'", cell)
                }
            }
        }
    }

    func testShowOptimShowsEveryValueTheOptimizerRunsWith() throws {
        let output = RecordingOutput()
        XCTAssertNil(
            Session().runExpectingSuccess("net n = 2 -> 1\noptim adamw lr=0.01\nshow optim", output: output))
        let rows = try XCTUnwrap(output.shown.last).plain.split(separator: "\n").map {
            $0.split(separator: " ").map(String.init)
        }
        XCTAssertTrue(rows.contains(["lr", "0.01", "given"]), "\(rows)")
        XCTAssertTrue(rows.contains(["weight_decay", "0.01", "default"]), "\(rows)")
        XCTAssertTrue(rows.contains(["beta2", "0.999", "default"]), "\(rows)")
        XCTAssertTrue(rows.contains(["eps", "1e-08", "default"]), "\(rows)")
    }

    func testANewNetRunsAtTheDefaultsHelpShows() throws {
        let session = Session()
        XCTAssertNil(session.runExpectingSuccess("net n = 2 -> 1\nnet p = perceptron 2\nnet a = adaline 2"))
        let shown = try helpDefaults()
        for (net, optimizer) in [("n", "sgd"), ("p", "perceptron"), ("a", "lms")] {
            let choice = try XCTUnwrap(session.state.nets[net]?.optimizer)
            XCTAssertEqual(choice.name, optimizer)
            XCTAssertEqual(choice.learningRate, shown[optimizer]?["lr"], net)
        }
    }
}
