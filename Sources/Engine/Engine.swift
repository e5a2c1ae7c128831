/// The engine module: tensors, reverse-mode autodiff, layers, losses, optimizers.
/// (Placeholder until the engine lands; see issue 3.)
public enum EngineModule {
    public static let name = "Engine"
}
