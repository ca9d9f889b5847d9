namespace Yoi.Actors.Protocol;

/// <summary><c>file_ref</c>: An <c>@path</c> file reference.</summary>
public sealed record FileRefSegment(string Path) : Segment
{
    public const string WireKind = "file_ref";

    public override string Kind => WireKind;
}
