/// What every statement shares (comments, values, options, targets) and the paths a value can
/// name, for `help`. Each line is what the lexer, parser and `PathResolver` accept; the tests
/// run every path listed here.
enum LanguageSyntax {
    static let sections = [statements, paths]

    static let statements = HelpSection(
        "Syntax (one statement a line)",
        [
            HelpSection.Row("#", "starts a comment, to the end of the line"),
            HelpSection.Row(
                "\\", "at the end of a line continues the statement, as does a line ending in ->"),
            HelpSection.Row(
                "NAME =",
                "names what net and data make: net xor = 2 -> 1, data ring = circles; set PATH = VALUE"),
            HelpSection.Row("key=value", "an option of the command: train 100 batch=4 until=loss<0.01"),
            HelpSection.Row("3  -0.5  1e-3  1_000", "numbers"),
            HelpSection.Row("\"text\"", "a string, on one line, with escapes \\n \\t \\\" \\\\"),
            HelpSection.Row(
                "[1, 2]  [[1, 2], [3, 4]]", "a list, and a matrix as a list of rows; both may span lines"),
            HelpSection.Row(
                "VALUE", "a value or path alone on a line is shown, the cell's last as its result"),
        ])

    static let paths = HelpSection(
        "Paths (NET a net, Lk its k-th layer, DATA a data set)",
        [
            HelpSection.Row("NET", "the net's summary"),
            HelpSection.Row("NET.Lk", "the layer's parameters"),
            HelpSection.Row(
                "NET.Lk.W  NET.Lk.b",
                "a dense layer's weights [in, out] and biases (a layernorm's: gamma, beta)"),
            HelpSection.Row("NET.Lk.W.grad", "a parameter's gradient, after backward, step or train"),
            HelpSection.Row(
                "NET.Lk.z  .a  .delta  .input",
                "the layer's pre-activation, output, ∂loss/∂z and input in the last run"),
            HelpSection.Row(
                "NET.history[.COLUMN]",
                "the training log, or one column: " + TrainingHistory.columns.joined(separator: ", ")),
            HelpSection.Row(
                "NET.loss  .steps  .epochs  .optim", "the net's loss, steps and epochs so far, its optimizer"),
            HelpSection.Row(
                "DATA  DATA.inputs  .targets  .count",
                "a data set, its inputs and targets, its number of examples"),
            HelpSection.Row("set NET.Lk.lr = RATE", "gives one layer its own learning rate (set only)"),
        ])
}
