using Yoi.Actors.Framing;

namespace Yoi.Host.Control;

/// <summary>Collects what a <see cref="LineFramer"/> cuts, so the owner handles the lines after the push.</summary>
internal sealed class LineCollector : ILineSink
{
    private readonly List<CollectedLine> _lines = [];

    public void OnLine(long offset, string line) => _lines.Add(new CollectedLine(offset, line, null));

    public void OnBadLine(long offset, string reason) => _lines.Add(new CollectedLine(offset, null, reason));

    public IReadOnlyList<CollectedLine> Take()
    {
        var taken = _lines.ToArray();
        _lines.Clear();
        return taken;
    }
}
