namespace Yoi.Actors.Protocol;

/// <summary>A pod → client event (<c>{"event":…,"data":…}</c>). CONTRACT STUB: the protocol work fills in the variants.</summary>
public abstract record Event
{
    /// <summary>The wire tag, e.g. <c>text_delta</c>; for an unknown event, the name it arrived with.</summary>
    public abstract string Name { get; }
}
