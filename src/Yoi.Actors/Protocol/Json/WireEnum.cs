using System.Runtime.CompilerServices;

namespace Yoi.Actors.Protocol;

/// <summary>
/// The snake_case wire names of a plain enum, indexed by the enum's value.
/// A value the model does not know is rejected, as serde rejects it: a C# enum cannot carry the unknown string, so
/// accepting it would make re-encoding lossy, and a newer pod shows up as new event names first (those become
/// <see cref="UnknownEvent"/>).
/// </summary>
internal sealed class WireEnum<T>(string field, params string[] names)
    where T : struct, Enum
{
    public string ToWire(T value) => names[Unsafe.As<T, int>(ref value)];

    public T Parse(string text)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i] == text)
            {
                return Unsafe.As<int, T>(ref i);
            }
        }

        throw new ProtocolException(
            $"unknown {field} `{text}` (expected one of {string.Join(", ", names.Select(static n => $"`{n}`"))})");
    }
}
