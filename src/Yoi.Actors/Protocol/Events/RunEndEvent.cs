namespace Yoi.Actors.Protocol;

/// <summary><c>run_end</c>: A run ended.</summary>
public sealed record RunEndEvent(RunResult Result) : Event
{
    public const string WireName = "run_end";

    public override string Name => WireName;
}
