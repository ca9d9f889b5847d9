namespace Yoi.Actors.Protocol;

/// <summary><c>error</c>: The pod reports an error (e.g. a rejected method).</summary>
public sealed record ErrorEvent(ErrorCode Code, string Message) : Event
{
    public const string WireName = "error";

    public override string Name => WireName;
}
