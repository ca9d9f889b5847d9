namespace Yoi.Actors.Protocol;

/// <summary>Decodes and encodes client → pod lines. CONTRACT STUB.</summary>
public static class MethodCodec
{
    /// <summary>Decodes one line; anything that is not a valid method throws <see cref="ProtocolException"/>.</summary>
    public static Method Decode(string line) => throw new NotImplementedException();

    /// <summary>The compact JSON, byte-identical to what the runtime's serde writes (no terminator).</summary>
    public static string Encode(Method value) => throw new NotImplementedException();
}
