namespace Yoi.Actors.Protocol;

/// <summary><c>workflow_invoke</c>: A <c>/slug</c> workflow invocation.</summary>
public sealed record WorkflowInvokeSegment(string Slug) : Segment
{
    public const string WireKind = "workflow_invoke";

    public override string Kind => WireKind;
}
