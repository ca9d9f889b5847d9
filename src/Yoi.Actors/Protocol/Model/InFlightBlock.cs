namespace Yoi.Actors.Protocol;

/// <summary>One block of in-flight output (worker dialect); internally tagged on <c>kind</c>.</summary>
public abstract record InFlightBlock
{
    /// <summary>The wire tag, e.g. <c>tool_call</c>.</summary>
    public abstract string Kind { get; }
}
