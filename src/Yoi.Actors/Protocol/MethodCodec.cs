using System.Text;

namespace Yoi.Actors.Protocol;

/// <summary>Decodes and encodes client → pod lines (one JSON object, no terminator), of either dialect.</summary>
public static class MethodCodec
{
    /// <summary>Decodes one line in either dialect's spelling (<c>list_pods</c> and <c>list_workers</c>, a
    /// <c>knowledge_ref</c> and a <c>flow</c> segment, …); anything that is not a valid method of either throws
    /// <see cref="ProtocolException"/>.</summary>
    public static Method Decode(string line) =>
        LineReader.Read(line, "method", static (reader, _) => MethodJsonConverter.Read(reader, null));

    /// <summary>Decodes one line as <paramref name="dialect"/>'s serde does: the other dialect's methods are unknown
    /// methods, its segment kinds <see cref="UnknownSegment"/>s, its fields unknown fields.</summary>
    public static Method Decode(string line, Dialect dialect) =>
        dialect == Dialect.Pod
            ? LineReader.Read(line, "method", static (reader, _) => MethodJsonConverter.Read(reader, Dialect.Pod))
            : LineReader.Read(line, "method", static (reader, _) => MethodJsonConverter.Read(reader, Dialect.Worker));

    /// <summary>The compact JSON in the pod (June) dialect; see <see cref="Encode(Method, Dialect)"/>.</summary>
    public static string Encode(Method value) => Encode(value, Dialect.Pod);

    /// <summary>
    /// The compact JSON in <paramref name="dialect"/>, byte-identical to what that runtime's serde writes (no
    /// terminator). A method of the other dialect is written as its equivalent (<see cref="ListWorkersMethod"/> to a pod
    /// is <c>list_pods</c>); one that has none throws <see cref="DialectMismatchException"/>.
    /// </summary>
    public static string Encode(Method value, Dialect dialect)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(128);
        using (var writer = new SerdeJsonWriter(builder))
        {
            MethodJsonConverter.Shape.Write(writer, value, dialect);
        }

        return builder.ToString();
    }
}
