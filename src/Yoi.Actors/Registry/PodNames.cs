using System.Text;

namespace Yoi.Actors.Registry;

/// <summary>Pod names become path segments (<c>&lt;runtime_dir&gt;/&lt;name&gt;/sock</c>), so they must be one harmless segment.</summary>
public static class PodNames
{
    /// <summary>A file name's limit (NAME_MAX) on Linux.</summary>
    public const int MaxUtf8Bytes = 255;

    /// <summary>Null when <paramref name="name"/> is usable, else why not (empty, '/', "..", NUL, control characters).</summary>
    public static string? Validate(string name)
    {
        if (string.IsNullOrEmpty(name))
            return "pod name is empty";
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '\0')
                return $"pod name contains a NUL character at index {i}";
            if (char.IsControl(c))
                return $"pod name contains the control character U+{(int)c:X4} at index {i}";
            if (c == '/')
                return $"pod name contains '/' at index {i}; it must be a single path segment";
        }
        if (name == ".")
            return "pod name must not be \".\"";
        // Any "..", not only a whole segment: simpler to reason about and no legitimate name needs it.
        if (name.Contains("..", StringComparison.Ordinal))
            return "pod name must not contain \"..\"";
        if (Encoding.UTF8.GetByteCount(name) > MaxUtf8Bytes)
            return $"pod name is longer than {MaxUtf8Bytes} UTF-8 bytes";
        return null;
    }
}
