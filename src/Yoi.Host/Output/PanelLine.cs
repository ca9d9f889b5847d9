namespace Yoi.Host.Output;

/// <summary>One screen line of the panel: printable text at most the terminal's width, and its colour.</summary>
public sealed record PanelLine(string Text, LineStyle Style);
