namespace Yoi.Actors.Protocol;

/// <summary>One typed piece of a user submission; internally tagged on <c>kind</c>.</summary>
public abstract record Segment
{
    /// <summary>The wire tag; for an <see cref="UnknownSegment"/>, the kind it arrived with.</summary>
    public abstract string Kind { get; }
}
