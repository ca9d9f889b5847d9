namespace Yoi.Host.Control.Wire;

/// <summary><c>logs</c>: the last <paramref name="Lines"/> lines of a managed pod's captured <paramref name="Stream"/>
/// (<c>stdout</c> or <c>stderr</c>); with <paramref name="Follow"/>, then every line written after them. A stream either
/// way (it ends with <c>detached</c>; without follow right after the last line).</summary>
public sealed record LogsRequest(string Pod, string Stream = LogsRequest.Stdout, int Lines = LogsRequest.DefaultLines, bool Follow = false) : ControlRequest
{
    public const string Stdout = "stdout";
    public const string Stderr = "stderr";
    public const int DefaultLines = 10;

    /// <summary>The most lines one request may ask for.</summary>
    public const int MaxLines = 100_000;

    public override string Method => ControlNames.Logs;

    public override bool Streams => true;
}
