namespace Yoi.Actors.Protocol;

/// <summary><c>run</c>: Start a run with the user's input segments.</summary>
public sealed record RunMethod(IReadOnlyList<Segment> Input) : Method
{
    public const string WireName = "run";

    public override string Name => WireName;
}
