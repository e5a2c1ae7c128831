import Foundation

/// A parsed network description such as `2 -> 4 tanh -> 1 sigmoid`, or for a language
/// model `tokens 3 -> embed 10 -> 200 tanh -> 27 softmax` (Bengio et al. 2003) or
/// `tokens 64 -> embed 128 positions -> block 4 -> block 4 -> layernorm -> 65 softmax tied` (GPT).
///
/// The first segment is the input width (or `tokens K`, K token ids per example); each
/// later one is a dense layer (`WIDTH [ACTIVATION] [tied]`, activation identity when
/// omitted), `dropout P`, `layernorm`, or first after `tokens`, `embed D` or
/// `embed D positions`; after the latter, `attention H` and `block H`, each optionally followed
/// by `dropout P` (its attention weights and residual branches dropped out in training).
///
/// After `embed D positions` the net is a *sequence model*: each of an example's K positions is
/// a row of its own (a `[B·K, D]` tensor for B examples), every later layer acts on each
/// position as PyTorch's layers act on the last axis of `[B, K, D]`, and the net predicts the
/// next token at every position.
public struct NetworkSpec: Sendable, Equatable, CustomStringConvertible {
    /// One layer of the spec.
    public enum LayerSpec: Sendable, Equatable {
        case dense(width: Int, activation: Activation)
        case dropout(probability: Double)
        case layerNorm
        /// A table of one `width`-wide vector per token, looked up for each input token and
        /// laid side by side (Bengio et al. 2003): `tokens K -> embed D` gives K·D values.
        case embedding(width: Int)
        /// Token and position embeddings added (GPT-2's wte + wpe), one `width`-wide row per
        /// position: `tokens K -> embed D positions` makes a sequence model.
        case positionalEmbedding(width: Int)
        /// Multi-head causal self-attention between its input and output projections
        /// (nanoGPT's `CausalSelfAttention`): `attention H [dropout P]`.
        case attention(heads: Int, dropout: Double = 0)
        /// A pre-norm transformer block (GPT-2's): x + attention(layernorm(x)), then
        /// x + mlp(layernorm(x)) with a 4·width GELU hidden layer: `block H [dropout P]`.
        case transformerBlock(heads: Int, dropout: Double = 0)
        /// An output layer without bias that reads the token table transposed (weight tying,
        /// Press & Wolf 2017): `V ACTIVATION tied`, V the vocabulary.
        case tiedOutput(width: Int, activation: Activation)
    }

    /// What an input row holds.
    public enum InputKind: Sendable, Equatable {
        /// Real-valued features.
        case features
        /// Token ids from the vocabulary the net predicts (as many as its last layer's width).
        case tokens
    }

    /// Values per input row: features, or token ids.
    public var inputWidth: Int
    /// Whether the inputs are features or token ids.
    public var inputKind: InputKind
    /// The layers in order.
    public var layers: [LayerSpec]

    /// A spec from its parts.
    public init(inputWidth: Int, inputKind: InputKind = .features, layers: [LayerSpec]) {
        self.inputWidth = inputWidth
        self.inputKind = inputKind
        self.layers = layers
    }

    /// The number of token ids an input token may take (the vocabulary, which a language
    /// model also predicts over), or nil for feature inputs.
    public var vocabularySize: Int? { inputKind == .tokens ? outputWidth : nil }

    /// Whether each position of an example is a row of its own (`embed D positions` first).
    public var isSequenceModel: Bool {
        if case .positionalEmbedding? = layers.first { true } else { false }
    }

    /// Rows each example becomes inside the net: its positions for a sequence model, else 1.
    /// A sequence model has as many targets per example, one next token per position.
    public var rowsPerExample: Int { isSequenceModel ? inputWidth : 1 }

    /// The width of the values each layer puts out (per row), in order.
    public var layerWidths: [Int] {
        var width = inputWidth
        return layers.map { layer in
            switch layer {
            case .dense(let next, _), .tiedOutput(let next, _), .positionalEmbedding(let next): width = next
            case .embedding(let next): width *= next
            case .dropout, .layerNorm, .attention, .transformerBlock: break
            }
            return width
        }
    }

    /// The width of the token table's rows, for nets that start with an embedding.
    public var embeddingWidth: Int? {
        switch layers.first {
        case .embedding(let width)?, .positionalEmbedding(let width)?: width
        default: nil
        }
    }

    /// Where the layers do not fit together: an embedding anywhere but first after `tokens`,
    /// token inputs that no embedding reads, attention outside a sequence model or with heads
    /// that do not divide its width, or a tied output layer that is not last or not as wide
    /// as the table it reads.
    public func structuralError() -> NetworkSpecError? {
        let widths = layerWidths
        for (index, layer) in layers.enumerated() {
            let segment = index + 1
            let widthBefore = index == 0 ? inputWidth : widths[index - 1]
            switch layer {
            case .embedding, .positionalEmbedding:
                if index != 0 || inputKind != .tokens { return .embeddingNotFirst(segment: segment) }
            case .attention(let heads, _), .transformerBlock(let heads, _):
                guard isSequenceModel else { return .attentionNeedsPositions(segment: segment) }
                guard heads > 0, widthBefore % heads == 0 else {
                    return .headsDoNotDivide(segment: segment, width: widthBefore, heads: heads)
                }
            case .tiedOutput:
                guard index == layers.count - 1 else { return .tiedOutputNotLast(segment: segment) }
                guard let tableWidth = embeddingWidth, tableWidth == widthBefore else {
                    return .tiedOutputWidth(segment: segment, width: widthBefore, tableWidth: embeddingWidth)
                }
            case .dense, .dropout, .layerNorm: break
            }
        }
        if inputKind == .tokens, embeddingWidth == nil { return .tokensNeedEmbedding }
        if isSequenceModel, inputWidth > Self.maximumPositions {
            return .tooManyPositions(positions: inputWidth, maximum: Self.maximumPositions)
        }
        return nil
    }

    /// The longest context of a sequence model: its attention keeps a T × T matrix per head and
    /// example, so T = 1024 with 16 heads is already 64 MB an example.
    public static let maximumPositions = 1024

    /// The number of trainable values, or nil when it would overflow an `Int` (a spec's widths
    /// are checked by whoever builds it, this only counts).
    public var parameterCount: Int? {
        var width = inputWidth
        var count = 0
        let vocabulary = outputWidth
        func add(_ terms: Int...) -> Bool {
            for term in terms {
                let (sum, overflow) = count.addingReportingOverflow(term)
                guard !overflow, sum < Int.max / 4 else { return false }
                count = sum
            }
            return true
        }
        func product(_ a: Int, _ b: Int) -> Int? {
            let (value, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow || value >= Int.max / 64 ? nil : value
        }
        for layer in layers {
            switch layer {
            case .dense(let next, _):
                guard let weights = product(width, next), add(weights, next) else { return nil }
                width = next
            case .tiedOutput(let next, _):
                width = next
            case .embedding(let vectorWidth):
                guard let table = product(vocabulary, vectorWidth), let next = product(width, vectorWidth),
                    add(table)
                else { return nil }
                width = next
            case .positionalEmbedding(let vectorWidth):
                guard let table = product(vocabulary + inputWidth, vectorWidth), add(table) else {
                    return nil
                }
                width = vectorWidth
            case .attention:
                // c_attn [C, 3C] + 3C, c_proj [C, C] + C.
                guard let square = product(width, width), add(square, square, square, square, 4 * width)
                else { return nil }
            case .transformerBlock:
                // Two layer norms, the attention's 4C² + 4C, the MLP's 8C² + 5C.
                guard let square = product(width, width), let twelve = product(square, 12),
                    add(twelve, 13 * width)
                else { return nil }
            case .layerNorm:
                guard add(2 * width) else { return nil }
            case .dropout:
                break
            }
        }
        return count
    }

    /// Width of the output rows.
    public var outputWidth: Int { layerWidths.last ?? inputWidth }

    /// Parses the text form; errors say which token and what was expected.
    public init(parsing text: String) throws(NetworkSpecError) {
        let segments = text.components(separatedBy: "->").map {
            $0.split(whereSeparator: \.isWhitespace).map(String.init)
        }
        guard var first = segments.first, !first.isEmpty else { throw .empty }
        var inputKind = InputKind.features
        if first[0].lowercased() == "tokens" {
            inputKind = .tokens
            first.removeFirst()
            guard !first.isEmpty else { throw .expected(token: "", segment: 0, expected: .positiveWidth) }
        }
        guard first.count == 1, let input = Int(first[0]), input > 0 else {
            throw .expected(token: first[0], segment: 0, expected: .positiveWidth)
        }
        var layers: [LayerSpec] = []
        for (index, tokens) in segments.enumerated().dropFirst() {
            guard let head = tokens.first else { throw .emptySegment(segment: index) }
            if head.lowercased() == "embed" {
                guard tokens.count >= 2, let width = Int(tokens[1]), width > 0 else {
                    throw .expected(
                        token: tokens.count > 1 ? tokens[1] : "", segment: index, expected: .positiveWidth)
                }
                if tokens.count > 2, tokens[2].lowercased() != "positions" {
                    throw .expected(token: tokens[2], segment: index, expected: .positionsOrEnd)
                }
                if tokens.count > 3 { throw .expected(token: tokens[3], segment: index, expected: .end) }
                layers.append(
                    tokens.count == 3 ? .positionalEmbedding(width: width) : .embedding(width: width))
            } else if head.lowercased() == "dropout" {
                guard tokens.count == 2, let p = Double(tokens[1]), p >= 0, p < 1 else {
                    throw .expected(
                        token: tokens.count > 1 ? tokens[1] : "", segment: index, expected: .probability)
                }
                layers.append(.dropout(probability: p))
            } else if ["attention", "block"].contains(head.lowercased()) {
                guard tokens.count >= 2, let heads = Int(tokens[1]), heads > 0 else {
                    throw .expected(
                        token: tokens.count > 1 ? tokens[1] : "", segment: index, expected: .positiveWidth)
                }
                var dropout = 0.0
                if tokens.count > 2 {
                    guard tokens[2].lowercased() == "dropout" else {
                        throw .expected(token: tokens[2], segment: index, expected: .dropoutOrEnd)
                    }
                    guard tokens.count >= 4, let p = Double(tokens[3]), p >= 0, p < 1 else {
                        throw .expected(
                            token: tokens.count > 3 ? tokens[3] : "", segment: index, expected: .probability)
                    }
                    if tokens.count > 4 { throw .expected(token: tokens[4], segment: index, expected: .end) }
                    dropout = p
                }
                layers.append(
                    head.lowercased() == "block"
                        ? .transformerBlock(heads: heads, dropout: dropout)
                        : .attention(heads: heads, dropout: dropout))
            } else if ["layernorm", "layer_norm"].contains(head.lowercased()) {
                guard tokens.count == 1 else {
                    throw .expected(token: tokens[1], segment: index, expected: .end)
                }
                layers.append(.layerNorm)
            } else {
                guard let width = Int(head), width > 0 else {
                    throw .expected(token: head, segment: index, expected: .positiveWidth)
                }
                var words = Array(tokens.dropFirst())
                let tied = words.last?.lowercased() == "tied"
                if tied { words.removeLast() }
                var activation = Activation.identity
                if let name = words.first {
                    guard let parsed = Activation(name: name) else {
                        throw .unknownActivation(token: name, segment: index, valid: Activation.names)
                    }
                    activation = parsed
                }
                if words.count > 1 { throw .expected(token: words[1], segment: index, expected: .tiedOrEnd) }
                layers.append(
                    tied
                        ? .tiedOutput(width: width, activation: activation)
                        : .dense(width: width, activation: activation))
            }
        }
        guard layers.contains(where: \.isOutputMap) else { throw .noLayers }
        self.init(inputWidth: input, inputKind: inputKind, layers: layers)
        if let error = structuralError() { throw error }
    }

    /// The canonical text form, which parses back to the same spec.
    public var description: String {
        var parts = [inputKind == .tokens ? "tokens \(inputWidth)" : "\(inputWidth)"]
        for layer in layers {
            switch layer {
            case .embedding(let width): parts.append("embed \(width)")
            case .positionalEmbedding(let width): parts.append("embed \(width) positions")
            case .attention(let heads, 0): parts.append("attention \(heads)")
            case .attention(let heads, let p): parts.append("attention \(heads) dropout \(p)")
            case .transformerBlock(let heads, 0): parts.append("block \(heads)")
            case .transformerBlock(let heads, let p): parts.append("block \(heads) dropout \(p)")
            case .tiedOutput(let width, .identity): parts.append("\(width) tied")
            case .tiedOutput(let width, let activation): parts.append("\(width) \(activation) tied")
            case .dense(let width, .identity): parts.append("\(width)")
            case .dense(let width, let activation): parts.append("\(width) \(activation)")
            case .dropout(let p): parts.append("dropout \(p)")
            case .layerNorm: parts.append("layernorm")
            }
        }
        return parts.joined(separator: " -> ")
    }
}

/// Why a network spec did not parse: the offending token, its segment (0 is the
/// input width), and what was expected there.
public enum NetworkSpecError: Error, Equatable, Sendable {
    /// What the parser wanted where it found something else.
    public enum Expectation: Sendable, Equatable {
        case positiveWidth
        case probability
        case end
        /// `positions` or the segment's end, after `embed D`.
        case positionsOrEnd
        /// `tied` or the segment's end, after a layer's activation.
        case tiedOrEnd
        /// `dropout` or the segment's end, after `attention H` or `block H`.
        case dropoutOrEnd
    }
    case empty
    case emptySegment(segment: Int)
    case noLayers
    case expected(token: String, segment: Int, expected: Expectation)
    case unknownActivation(token: String, segment: Int, valid: [String])
    /// `embed D` anywhere but as the first layer after `tokens K`.
    case embeddingNotFirst(segment: Int)
    /// `tokens K` followed by something other than `embed D`.
    case tokensNeedEmbedding
    /// `attention H` or `block H` in a net whose positions are not rows (no `embed D positions`).
    case attentionNeedsPositions(segment: Int)
    /// Heads that do not divide the width the layer receives.
    case headsDoNotDivide(segment: Int, width: Int, heads: Int)
    /// A tied output layer anywhere but last.
    case tiedOutputNotLast(segment: Int)
    /// A tied output layer that receives `width` values per row, while the table's rows hold
    /// `tableWidth` (nil: the net has no token table).
    case tiedOutputWidth(segment: Int, width: Int, tableWidth: Int?)
    /// A sequence model with more positions than `NetworkSpec.maximumPositions`.
    case tooManyPositions(positions: Int, maximum: Int)
}

extension NetworkSpec.LayerSpec {
    /// Whether the layer ends in an affine map to its outputs (a dense or tied output layer),
    /// whose z are the logits a loss may read.
    public var isOutputMap: Bool {
        switch self {
        case .dense, .tiedOutput: true
        default: false
        }
    }
}

extension NetworkSpecError {
    /// The segment the error is about (0 is the input), when it names one.
    public var segment: Int? {
        switch self {
        case .tooManyPositions: 0
        case .empty, .noLayers, .tokensNeedEmbedding: nil
        case .emptySegment(let segment), .embeddingNotFirst(let segment),
            .attentionNeedsPositions(let segment),
            .tiedOutputNotLast(let segment):
            segment
        case .expected(_, let segment, _), .unknownActivation(_, let segment, _): segment
        case .headsDoNotDivide(let segment, _, _), .tiedOutputWidth(let segment, _, _): segment
        }
    }

    /// Whether the error is about a layer's number of heads rather than the layer itself.
    public var isAboutHeads: Bool {
        if case .headsDoNotDivide = self { true } else { false }
    }
}
