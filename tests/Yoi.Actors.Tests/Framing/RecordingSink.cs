using Yoi.Actors.Framing;

namespace Yoi.Actors.Tests.Framing;

/// <summary>Records everything a framer delivers, in order, as comparable strings.</summary>
internal sealed class RecordingSink : ILineSink
{
    public List<string> Events { get; } = [];

    public List<(long Offset, string Line)> Lines { get; } = [];

    public List<(long Offset, string Reason)> BadLines { get; } = [];

    public void OnLine(long offset, string line)
    {
        Lines.Add((offset, line));
        Events.Add($"line@{offset}:{line}");
    }

    public void OnBadLine(long offset, string reason)
    {
        BadLines.Add((offset, reason));
        Events.Add($"bad@{offset}");
    }
}
