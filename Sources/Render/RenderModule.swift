/// The render module's name, as other modules list their dependencies.
public enum RenderModule {
    /// The module name, `Render`.
    public static let name = "Render"
}
