/// Where text sits inside a wider fixed-width field.
public enum TextAlignment: Sendable, Equatable {
    case left
    case right
    case center
}
