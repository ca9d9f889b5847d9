namespace Yoi.Actors.Protocol;

/// <summary>
/// Rust's <c>CommandEvent</c> (worker dialect), renamed so that <see cref="CommandEvent"/> can follow the
/// <c>&lt;Variant&gt;Event</c> scheme; internally tagged on <c>kind</c>.
/// </summary>
public abstract record CommandUpdate
{
    /// <summary>The wire tag: <c>started</c>, <c>output</c> or <c>terminal</c>.</summary>
    public abstract string Kind { get; }
}
