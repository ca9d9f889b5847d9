namespace Yoi.Actors.Protocol;

/// <summary>
/// A pod → client event (<c>{"event":…,"data":…}</c>): one sealed <c>&lt;Variant&gt;Event</c> record per Rust variant, plus
/// <see cref="UnknownEvent"/> for names this model does not know. Encode/decode with <see cref="EventCodec"/>.
/// </summary>
public abstract record Event
{
    /// <summary>The wire tag, e.g. <c>text_delta</c>; for an unknown event, the name it arrived with.</summary>
    public abstract string Name { get; }
}
