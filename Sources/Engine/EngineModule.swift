/// The engine module's name, which the language placeholder lists as a dependency;
/// kept so that the package builds until the language module replaces its placeholder.
public enum EngineModule {
    public static let name = "Engine"
}
