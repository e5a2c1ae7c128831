import Foundation

/// A parsed network description such as `2 -> 4 tanh -> 1 sigmoid`, or for a language
/// model `tokens 3 -> embed 10 -> 200 tanh -> 27 softmax`.
///
/// The first segment is the input width (or `tokens K`, K token ids per example); each
/// later one is a dense layer (`WIDTH [ACTIVATION]`, activation identity when omitted),
/// `dropout P`, `layernorm` or, first after `tokens`, `embed D`.
public struct NetworkSpec: Sendable, Equatable, CustomStringConvertible {
    /// One layer of the spec.
    public enum LayerSpec: Sendable, Equatable {
        case dense(width: Int, activation: Activation)
        case dropout(probability: Double)
        case layerNorm
        /// A table of one `width`-wide vector per token, looked up for each input token and
        /// laid side by side (Bengio et al. 2003): `tokens K -> embed D` gives K·D values.
        case embedding(width: Int)
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

    /// The width of the values each layer puts out, in order.
    public var layerWidths: [Int] {
        var width = inputWidth
        return layers.map { layer in
            switch layer {
            case .dense(let next, _): width = next
            case .embedding(let next): width *= next
            case .dropout, .layerNorm: break
            }
            return width
        }
    }

    /// Where the layers do not fit together: an embedding anywhere but first after `tokens`,
    /// or token inputs that no embedding reads.
    public func structuralError() -> NetworkSpecError? {
        for (index, layer) in layers.enumerated() {
            if case .embedding = layer, index != 0 || inputKind != .tokens {
                return .embeddingNotFirst(segment: index + 1)
            }
        }
        if inputKind == .tokens {
            guard case .embedding? = layers.first else { return .tokensNeedEmbedding }
        }
        return nil
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
                guard tokens.count == 2, let width = Int(tokens[1]), width > 0 else {
                    throw .expected(
                        token: tokens.count > 1 ? tokens[1] : "", segment: index, expected: .positiveWidth)
                }
                layers.append(.embedding(width: width))
            } else if head.lowercased() == "dropout" {
                guard tokens.count == 2, let p = Double(tokens[1]), p >= 0, p < 1 else {
                    throw .expected(
                        token: tokens.count > 1 ? tokens[1] : "", segment: index, expected: .probability)
                }
                layers.append(.dropout(probability: p))
            } else if ["layernorm", "layer_norm"].contains(head.lowercased()) {
                guard tokens.count == 1 else {
                    throw .expected(token: tokens[1], segment: index, expected: .end)
                }
                layers.append(.layerNorm)
            } else {
                guard let width = Int(head), width > 0 else {
                    throw .expected(token: head, segment: index, expected: .positiveWidth)
                }
                var activation = Activation.identity
                if tokens.count >= 2 {
                    guard let parsed = Activation(name: tokens[1]) else {
                        throw .unknownActivation(token: tokens[1], segment: index, valid: Activation.names)
                    }
                    activation = parsed
                }
                if tokens.count > 2 { throw .expected(token: tokens[2], segment: index, expected: .end) }
                layers.append(.dense(width: width, activation: activation))
            }
        }
        guard layers.contains(where: { if case .dense = $0 { true } else { false } }) else { throw .noLayers }
        self.init(inputWidth: input, inputKind: inputKind, layers: layers)
        if let error = structuralError() { throw error }
    }

    /// The canonical text form, which parses back to the same spec.
    public var description: String {
        var parts = [inputKind == .tokens ? "tokens \(inputWidth)" : "\(inputWidth)"]
        for layer in layers {
            switch layer {
            case .embedding(let width): parts.append("embed \(width)")
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
}
