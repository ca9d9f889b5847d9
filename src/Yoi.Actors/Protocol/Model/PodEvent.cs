namespace Yoi.Actors.Protocol;

/// <summary>A child pod's lifecycle report to its parent; internally tagged on <c>kind</c>. Unknown kinds are an error, as in serde.</summary>
public abstract record PodEvent
{
    /// <summary>The wire tag, e.g. <c>turn_ended</c>.</summary>
    public abstract string Kind { get; }
}
