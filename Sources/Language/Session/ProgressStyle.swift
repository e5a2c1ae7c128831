/// How `train` shows its progress while it runs.
public enum ProgressStyle: String, Sendable, CaseIterable {
    /// A display updated in place (`update_display_data`): JupyterLab, the notebook, nbclient.
    case display
    /// One line of text rewritten with a carriage return, as tqdm does in a terminal: for
    /// `jupyter console`, which does not redraw updated displays.
    case stream
    /// No progress at all, only the summary at the end.
    case off
}
