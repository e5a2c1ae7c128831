/// Which characters a renderer may use.
///
/// `unicode` draws with braille, block and box-drawing characters, which JupyterLab's
/// monospace fonts show one column wide; `ascii` uses printable ASCII only, so the
/// output survives any font, terminal or e-mail.
public enum RenderStyle: Sendable, Equatable {
    case unicode
    case ascii
}
