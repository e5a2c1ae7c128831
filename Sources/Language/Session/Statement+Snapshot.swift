extension Statement {
    /// The nets whose tensors or optimizer state a failure of this statement may leave changed,
    /// so the session snapshots them first; bare values and commands that change no net object
    /// (see `NetChanges`) need none, and a command changes at most the net it names.
    func netsItMayChange(in state: SessionState) -> [String] {
        guard case .command(let command) = self else { return [] }
        guard let spec = CommandCatalogue.spec(named: command.name) else { return state.netOrder }
        switch spec.changes {
        case .nothing:
            return []
        case .currentNet:
            return state.currentNet.map { [$0] } ?? []
        case .namedNet:
            if let named = command.namedNet, state.nets[named] != nil { return [named] }
            // A name that is no net fails before changing anything; the current net covers the rest.
            return state.currentNet.map { [$0] } ?? []
        }
    }
}

extension CommandStatement {
    /// The first part of the target path (`set xor.L1.W = ...`) or of the first argument's path
    /// (`freeze xor.L1`, `load xor "f"`).
    fileprivate var namedNet: String? {
        if let target, case .path(let parts) = target.kind { return parts.first }
        if case .value(let expression)? = arguments.first, case .path(let parts) = expression.kind {
            return parts.first
        }
        return nil
    }
}
