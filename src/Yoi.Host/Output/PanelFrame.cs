namespace Yoi.Host.Output;

/// <summary>What the panel shows: at most the terminal's height of lines, and the scroll offset they were laid out
/// at (clamped to the rows there are).</summary>
public sealed record PanelFrame(IReadOnlyList<PanelLine> Lines, int Scroll, int MaxScroll);
