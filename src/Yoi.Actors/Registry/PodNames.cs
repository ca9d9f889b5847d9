using System.Globalization;
using System.Text;

namespace Yoi.Actors.Registry;

/// <summary>The runtime's rule for pod and worker names, and how to show any name safely.</summary>
public static class PodNames
{
    /// <summary>A file name's limit (NAME_MAX) on Linux.</summary>
    public const int MaxUtf8Bytes = 255;

    /// <summary>How much of a name <see cref="Escape"/> shows by default.</summary>
    public const int DefaultShownChars = 64;

    /// <summary>Null when <paramref name="name"/> is usable, else why not; the reason never quotes the name.</summary>
    /// <remarks>
    /// The runtime's rule, <c>validate_worker_name</c> in <c>crates/session-store/src/worker_metadata.rs</c> (HareK02/yoi
    /// b12e0785; <c>validate_pod_name</c> in <c>crates/pod-store/src/lib.rs</c> of b0f37b52 is the same): not empty, not
    /// <c>.</c> or <c>..</c>, no <c>/</c>, no NUL. Plus NAME_MAX, which the runtime meets through the file system: it
    /// creates <c>&lt;runtime_dir&gt;/&lt;name&gt;/</c> for every worker it runs, so a longer name cannot be one of its
    /// workers. Control characters are allowed, as the runtime allows them: show names through <see cref="Escape"/>.
    /// </remarks>
    public static string? Validate(string name)
    {
        if (string.IsNullOrEmpty(name))
            return "the name is empty";
        if (name is "." or "..")
            return $"the name must not be \"{name}\"";
        if (name.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0)
            return $"the name contains '/' at index {slash}; it must be a single path segment";
        if (name.IndexOf('\0', StringComparison.Ordinal) is var nul and >= 0)
            return $"the name contains a NUL character at index {nul}";
        // Every UTF-16 unit takes at least one UTF-8 byte: a name of megabytes is not encoded to learn that it is too long.
        if (name.Length > MaxUtf8Bytes)
            return $"the name is {name.Length} characters long, more than a file name may have ({MaxUtf8Bytes} UTF-8 bytes)";
        if (Encoding.UTF8.GetByteCount(name) is var bytes and > MaxUtf8Bytes)
            return $"the name is {bytes} UTF-8 bytes long, more than a file name may have ({MaxUtf8Bytes})";
        return null;
    }

    /// <summary><paramref name="text"/> as one printable line: control, format (bidi) and separator characters, lone
    /// surrogates and the backslash are escaped (<c>\n</c>, <c>\t</c>, <c>\r</c>, <c>\0</c>, <c>\\</c>, else <c>\u{1b}</c>);
    /// beyond <paramref name="maxChars"/> characters it is cut, saying how many were left out.</summary>
    public static string Escape(string text, int maxChars = DefaultShownChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxChars);
        var shown = Math.Min(text.Length, maxChars);
        // Never cut between the halves of a surrogate pair.
        if (shown > 0 && shown < text.Length && char.IsHighSurrogate(text[shown - 1]) && char.IsLowSurrogate(text[shown]))
            shown--;
        var builder = new StringBuilder(shown + 16);
        for (var i = 0; i < shown; i++)
        {
            var c = text[i];
            if (char.IsSurrogatePair(text, i))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\t': builder.Append(@"\t"); break;
                case '\0': builder.Append(@"\0"); break;
                default:
                    if (NeedsEscape(c))
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:x}}}");
                    else
                        builder.Append(c);
                    break;
            }
        }
        if (shown < text.Length)
            builder.Append(CultureInfo.InvariantCulture, $"…(+{text.Length - shown} characters)");
        return builder.ToString();
    }

    private static bool NeedsEscape(char c) => char.GetUnicodeCategory(c) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned;
}
