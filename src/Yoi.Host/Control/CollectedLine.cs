namespace Yoi.Host.Control;

/// <summary>A framed line, or (with <paramref name="Error"/>) a line that was not text.</summary>
internal sealed record CollectedLine(long Offset, string? Line, string? Error);
