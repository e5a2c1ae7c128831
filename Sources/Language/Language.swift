import Engine
import Render

/// The language module: lexer, parser, interpreter and session state.
/// (Placeholder until the language lands; see issues 2 and 4.)
public enum LanguageModule {
    public static let dependencies = [EngineModule.name, RenderModule.name]
}
