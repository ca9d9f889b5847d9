namespace Yoi.Actors.Protocol;

/// <summary>
/// An event name this model does not know: a newer pod. Kept as the raw line so nothing is lost and it re-encodes to exactly
/// <see cref="RawLine"/>; the Rust decoder would reject it, accepting it is this client's forward-compatibility choice.
/// </summary>
public sealed record UnknownEvent(string EventName, string RawLine) : Event
{
    public override string Name => EventName;
}
