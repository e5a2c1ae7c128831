import Engine
import Render

/// Turns the engine's and renderer's typed errors into diagnostics at a statement's place.
enum EngineMessages {
    /// Any error a statement met, as the kernel shows it.
    static func diagnostic(for error: any Error, at range: SourceRange?) -> Diagnostic {
        LanguageError(error, at: range).diagnostic
    }

    /// The words of an error of the engine or the renderer: its own kind, sentence and notes.
    static func diagnostic(for failure: LanguageError.EngineFailure, at range: SourceRange?) -> Diagnostic {
        switch failure {
        case .engine(let error): diagnostic(for: error, at: range)
        case .data(let error): diagnostic(for: error, at: range)
        case .checkpoint(let error): Diagnostic(.valueError, text(error), at: range)
        case .checkpointFile(let error): Diagnostic(.fileError, text(error), at: range)
        case .spec(let error): diagnostic(for: error, at: range)
        // Only a failed write is about the file; a wrong format is about the value asked for.
        case .render(let error):
            if case .fileWrite = error {
                Diagnostic(.fileError, "\(error)", at: range)
            } else {
                Diagnostic(.valueError, "\(error)", at: range)
            }
        case .torchExport(let error): Diagnostic(.valueError, text(error), at: range)
        case .torchExportFile(let error): Diagnostic(.fileError, text(error), at: range)
        case .other(let description): Diagnostic(.valueError, description, at: range)
        }
    }

    static func diagnostic(for error: EngineError, at range: SourceRange?) -> Diagnostic {
        switch error {
        case .shapeMismatch(let operation, let left, let right):
            return Diagnostic(
                .shapeError, "\(operation) cannot combine shapes \(shape(left)) and \(shape(right))",
                at: range)
        case .invalidShape(let operation, let found, let expected):
            return Diagnostic(
                .shapeError, "\(operation) needs \(expected) but got shape \(shape(found))", at: range)
        case .valueCountMismatch(let target, let expected, let got):
            return Diagnostic(
                .shapeError, "shape \(shape(target)) holds \(expected) values but \(got) were given",
                at: range)
        case .axisOutOfRange(let axis, let rank):
            return Diagnostic(
                .shapeError, "axis \(axis) is out of range for a tensor of rank \(rank)", at: range)
        case .classIndexOutOfRange(let index, let classCount):
            return Diagnostic(
                .valueError, "class index \(index) is not below the \(classCount) classes", at: range)
        case .notAClassIndex(let value):
            return Diagnostic(
                .valueError, "the target \(ValueFormatter(digits: 6).format(value)) is not a class index",
                at: range, notes: ["class targets are whole numbers 0, 1, 2, ...; use loss mse for values"])
        case .notAToken(let value, let vocabularySize):
            return Diagnostic(
                .valueError,
                "\(ValueFormatter(digits: 6).format(value)) is not a token of a vocabulary of \(vocabularySize)",
                at: range, notes: ["token ids are whole numbers from 0 to \(vocabularySize - 1)"])
        case .backwardNeedsScalar(let found):
            return Diagnostic(
                .shapeError, "backward needs a single number but got shape \(shape(found))", at: range)
        case .nonFinite(let layer, let tensor, let step):
            return Diagnostic(
                .valueError, "\(tensor) of \(layer) became NaN or infinite at step \(step)", at: range,
                notes: ["try a smaller learning rate"])
        case .invalidSpec(let specError):
            return diagnostic(for: specError, at: range)
        case .unknownParameter(let name, let valid):
            return LanguageError.unknownName(what: "parameter", name: name, candidates: valid, at: range)
                .diagnostic
        case .invalidOption(let name, let value, let expected):
            return Diagnostic(
                .valueError,
                "\(name)=\(ValueFormatter(digits: 6).format(value)) is invalid: expected \(text(expected))",
                at: range)
        case .dataMismatch(let what, let expected, let got):
            return Diagnostic(
                .shapeError, "the \(what) have \(got) values where the net expects \(expected)", at: range)
        case .adapterExists(let map, let rank):
            return Diagnostic(
                .valueError, "'\(map)' has a LoRA adapter already (r=\(rank))", at: range,
                notes: ["merge the net first to fold it into W, then add a new one"])
        case .adapterRankOutOfRange(let map, let rank, let limit):
            return Diagnostic(
                .valueError,
                "r=\(rank) is out of range for '\(map)': expected 1 to \(limit), its smaller side "
                    + "(a rank past it adds nothing a full update lacks)",
                at: range)
        case .adapterAlphaInvalid(let alpha):
            return Diagnostic(
                .valueError,
                "alpha=\(ValueFormatter(digits: 6).format(alpha)) is invalid: expected a number above 0 "
                    + "(the adapter is scaled by alpha/r)",
                at: range)
        }
    }

    static func diagnostic(for error: DataError, at range: SourceRange?) -> Diagnostic {
        switch error {
        case .unknownDataset(let name, let available):
            return LanguageError.unknownName(what: "data set", name: name, candidates: available, at: range)
                .diagnostic
        case .unknownOption(let dataset, let option, let valid):
            return LanguageError.unknownOption(
                option: option, owner: .dataSet(dataset), accepted: valid, at: range
            ).diagnostic
        case .fileUnreadable, .missingBundledFile, .emptyFile:
            return Diagnostic(.fileError, text(error), at: range)
        case .featureCountMismatch, .sizeMismatch, .rowCountMismatch, .emptyShape:
            return Diagnostic(.shapeError, text(error), at: range)
        default:
            return Diagnostic(.valueError, text(error), at: range)
        }
    }

    static func diagnostic(for error: NetworkSpecError, at range: SourceRange?) -> Diagnostic {
        switch error {
        case .empty, .noLayers:
            return Diagnostic(
                .syntaxError, "a net needs an input width and at least one layer", at: range,
                notes: ["for example: net xor = 2 -> 4 tanh -> 1 sigmoid"])
        case .emptySegment(let segment):
            return Diagnostic(.syntaxError, "layer \(segment) of the net is empty", at: range)
        case .expected(let token, let segment, let expectation):
            let what: String
            switch expectation {
            case .positiveWidth: what = "a positive width"
            case .probability: what = "a probability between 0 and 1"
            case .end: what = "'->' or the end of the spec"
            case .positionsOrEnd: what = "'positions', '->' or the end of the spec"
            case .tiedOrEnd: what = "'tied', '->' or the end of the spec"
            case .dropoutOrEnd: what = "'dropout P', '->' or the end of the spec"
            }
            if segment == 0, expectation == .positiveWidth {
                return Diagnostic(
                    .syntaxError, "expected the input width, a positive whole number, but found '\(token)'",
                    at: range)
            }
            let place = segment == 0 ? "after the input width" : "in layer \(segment)"
            return Diagnostic(.syntaxError, "expected \(what) \(place) but found '\(token)'", at: range)
        case .unknownActivation(let token, _, let valid):
            return LanguageError.unknownName(what: "activation", name: token, candidates: valid, at: range)
                .diagnostic
        case .embeddingNotFirst(let segment):
            return Diagnostic(
                .syntaxError,
                "embed in layer \(segment) reads token ids: it is the first layer, after tokens K",
                at: range, notes: ["for example: net lm = tokens 3 -> embed 10 -> 200 tanh -> 27 softmax"])
        case .tokensNeedEmbedding:
            return Diagnostic(
                .syntaxError, "token inputs are read by an embedding: the layer after tokens K is embed D",
                at: range, notes: ["for example: net lm = tokens 3 -> embed 10 -> 200 tanh -> 27 softmax"])
        case .attentionNeedsPositions(let segment):
            return Diagnostic(
                .syntaxError,
                "layer \(segment) attends over positions, which a net has only after embed D positions",
                at: range,
                notes: ["for example: net lm = tokens 16 -> embed 32 positions -> block 4 -> 65 softmax tied"]
            )
        case .headsDoNotDivide(let segment, let width, let heads):
            let divisors = (1...max(width, 1)).filter { width % $0 == 0 && $0 <= 64 }
            return Diagnostic(
                .valueError,
                "layer \(segment) splits \(width) values into \(heads) heads, which does not divide them",
                at: range,
                notes: [
                    "each head takes width/heads values: heads may be "
                        + divisors.map(String.init).joined(separator: ", ")
                ])
        case .tiedOutputNotLast(let segment):
            return Diagnostic(
                .syntaxError,
                "layer \(segment) is tied to the token table, which only the output layer can be: it is the last layer",
                at: range)
        case .tiedOutputWidth(let segment, let width, let tableWidth?):
            return Diagnostic(
                .shapeError,
                "layer \(segment) is tied to the token table, whose rows hold \(tableWidth) values, but it receives \(width)",
                at: range,
                notes: ["the layer before it must give \(tableWidth) values, the embedding's width"])
        case .tooManyPositions(let positions, let maximum):
            return Diagnostic(
                .valueError,
                "a sequence model of \(positions) positions is more than this kernel's \(maximum): its attention keeps a matrix of positions × positions per head and example",
                at: range, notes: ["give tokens K with K from 1 to \(maximum)"])
        case .tiedOutputWidth(let segment, _, nil):
            return Diagnostic(
                .syntaxError,
                "layer \(segment) is tied to a token table, which a net has only after tokens K -> embed D",
                at: range)
        }
    }

    /// What an option needs, as the phrase after "expected".
    static func text(_ requirement: OptionRequirement) -> String {
        switch requirement {
        case .atLeast(let minimum): "at least \(minimum)"
        case .nonNegativeRate: "a rate of 0 or more"
        case .oneForClassicRule: "1 for a classic rule, which has no gradient to add"
        case .backpropagatedNet: "a net trained by backprop"
        case .batchRows(let rows): "from 1 to \(rows), the rows of a batch"
        case .crossEntropyStudent: "a student trained by cross-entropy"
        }
    }

    static func shape(_ dimensions: [Int]) -> String {
        "[" + dimensions.map(String.init).joined(separator: ", ") + "]"
    }
}

extension LanguageError {
    /// The seam: an error from a call into the engine or the renderer (or from a closure that
    /// throws untyped) as a `LanguageError`; one already of the language is kept as it is.
    init(_ error: any Error, at range: SourceRange?) {
        if let language = error as? LanguageError {
            self = language
            return
        }
        let failure: EngineFailure
        switch error {
        case let engine as EngineError: failure = .engine(engine)
        case let data as DataError: failure = .data(data)
        case let checkpoint as CheckpointError: failure = .checkpoint(checkpoint)
        case let render as RenderError: failure = .render(render)
        case let spec as NetworkSpecError: failure = .spec(spec)
        case let export as TorchExportError: failure = .torchExport(export)
        default: failure = .other("\(error)")
        }
        self = .engine(failure, at: range)
    }
}

extension Diagnostic {
    /// Any error as the language words it, for a caller outside the session (`backprop bench`).
    public init(describing error: any Error) {
        self = EngineMessages.diagnostic(for: error, at: nil)
    }
}
