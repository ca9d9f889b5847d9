namespace Yoi.Host.Control.Wire;

/// <summary><c>log_line</c>: one line of a managed pod's captured output (without its newline; invalid UTF-8 shown as
/// U+FFFD; a line longer than the cap comes in pieces).</summary>
public sealed record LogLineEvent(string Pod, string Stream, string Line) : ControlEvent
{
    public override string Name => ControlNames.LogLine;
}
