/// A titled list in help, such as the optimizers with their defaults, the layer forms of a net
/// or the paths a value can name. The catalogue builds these from the registries, so help lists
/// what the code accepts.
public struct HelpSection: Sendable {
    /// One term and what it means, with an optional line of code under it.
    public struct Row: Sendable {
        /// What is written, such as `dropout P` or `sgd`.
        public var term: String
        /// One line.
        public var meaning: String
        /// Code shown under the meaning, such as an optimizer's defaults as an `optim` line.
        public var code: String?

        public init(_ term: String, _ meaning: String, code: String? = nil) {
            self.term = term
            self.meaning = meaning
            self.code = code
        }
    }

    /// The heading, without a colon.
    public var title: String
    public var rows: [Row]

    public init(_ title: String, _ rows: [Row]) {
        self.title = title
        self.rows = rows
    }
}
