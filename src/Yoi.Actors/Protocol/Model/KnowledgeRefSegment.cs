namespace Yoi.Actors.Protocol;

/// <summary><c>knowledge_ref</c>: A <c>#slug</c> knowledge reference.</summary>
public sealed record KnowledgeRefSegment(string Slug) : Segment
{
    public const string WireKind = "knowledge_ref";

    public override string Kind => WireKind;
}
