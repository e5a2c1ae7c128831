extension Statement {
    /// Whether a failure of this statement may leave net tensors or optimizers changed, so
    /// the session must snapshot them first (bare values and read-only commands need not).
    var touchesNets: Bool {
        switch self {
        case .command(let command): CommandCatalogue.spec(named: command.name)?.touchesNets ?? true
        case .expression: false
        }
    }
}
