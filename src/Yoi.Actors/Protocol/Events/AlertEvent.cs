namespace Yoi.Actors.Protocol;

/// <summary><c>alert</c>: A user-facing alert (newtype variant: the struct itself is <c>data</c>).</summary>
public sealed record AlertEvent(Alert Alert) : Event
{
    public const string WireName = "alert";

    public override string Name => WireName;
}
