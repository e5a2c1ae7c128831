/// The render module: tables, text plots and export formats.
/// (Placeholder until the renderers land; see issue 4.)
public enum RenderModule {
    public static let name = "Render"
}
