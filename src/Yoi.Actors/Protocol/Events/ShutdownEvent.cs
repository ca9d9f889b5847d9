namespace Yoi.Actors.Protocol;

/// <summary><c>shutdown</c>: The pod is shutting down (unit: no <c>data</c> key).</summary>
public sealed record ShutdownEvent : Event
{
    public const string WireName = "shutdown";

    /// <summary>The only value: the variant carries nothing.</summary>
    public static ShutdownEvent Instance { get; } = new();

    private ShutdownEvent()
    {
    }

    public override string Name => WireName;
}
