using System.Text;

namespace Yoi.Actors.Protocol;

/// <summary>Decodes and encodes client → pod lines (one JSON object, no terminator).</summary>
public static class MethodCodec
{
    /// <summary>Decodes one line; anything that is not a valid method throws <see cref="ProtocolException"/>.</summary>
    public static Method Decode(string line) =>
        LineReader.Read(line, "method", static (reader, _) => MethodJsonConverter.Read(reader));

    /// <summary>The compact JSON, byte-identical to what the runtime's serde writes (no terminator).</summary>
    public static string Encode(Method value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(128);
        using (var writer = new SerdeJsonWriter(builder))
        {
            MethodJsonConverter.Write(writer, value);
        }

        return builder.ToString();
    }
}
