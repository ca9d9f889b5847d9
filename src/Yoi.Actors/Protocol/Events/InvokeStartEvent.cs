namespace Yoi.Actors.Protocol;

/// <summary><c>invoke_start</c>: A new self-driving cycle (IDLE → active) began.</summary>
public sealed record InvokeStartEvent(InvokeKind Kind) : Event
{
    public const string WireName = "invoke_start";

    public override string Name => WireName;
}
