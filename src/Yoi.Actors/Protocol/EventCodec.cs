namespace Yoi.Actors.Protocol;

/// <summary>Decodes and encodes pod → client lines. CONTRACT STUB.</summary>
public static class EventCodec
{
    /// <summary>Decodes one line (no terminator). Unknown event names give an <c>UnknownEvent</c>; invalid JSON or a known
    /// event with a bad payload throws <see cref="ProtocolException"/>.</summary>
    public static Event Decode(string line) => throw new NotImplementedException();

    /// <summary>The compact JSON, byte-identical to what the runtime's serde writes (no terminator).</summary>
    public static string Encode(Event value) => throw new NotImplementedException();
}
