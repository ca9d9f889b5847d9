namespace Yoi.Actors.Framing;

/// <summary>A line starting at <paramref name="Offset"/> grew past <paramref name="MaxLineBytes"/>: the stream is unusable from there.</summary>
public sealed record LineTooLong(long Offset, int MaxLineBytes)
{
    public override string ToString() => $"line at byte {Offset} exceeds the maximum of {MaxLineBytes} bytes";
}
