namespace Yoi.Actors.Protocol;

/// <summary><c>flow</c> (worker dialect only): a Flow invocation by selector, e.g. <c>builtin:coder-review</c>.</summary>
public sealed record FlowSegment(string Selector) : Segment
{
    public const string WireKind = "flow";

    public override string Kind => WireKind;
}
