using System.Text;
using Yoi.Actors.Registry;

namespace Yoi.Host.Output;

/// <summary>Pod- and registry-provided text made safe for a terminal: nothing they send can move the cursor, recolour,
/// ring the bell or break a row. (JSON output never goes through here: it stays exact.)</summary>
public static class TerminalText
{
    /// <summary>How much of a detail, error or event field one line shows.</summary>
    public const int MaxFreeChars = 200;

    /// <summary>A pod name as one printable line, cut at <see cref="PodNames.DefaultShownChars"/>.</summary>
    public static string Name(string name) => PodNames.Escape(name);

    /// <summary>A detail, error message or event field as one printable line, cut at <see cref="MaxFreeChars"/>.</summary>
    public static string Line(string text) => PodNames.Escape(text, MaxFreeChars);

    /// <summary>Streamed text (a model's output): newlines and tabs pass, as the text's own layout; every other control,
    /// format or separator character is escaped as <see cref="PodNames.Escape"/> does.</summary>
    public static string Flowing(string text)
    {
        var builder = new StringBuilder(text.Length);
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '\n' && text[i] != '\t') continue;
            if (i > start) builder.Append(PodNames.Escape(text[start..i], int.MaxValue));
            if (i < text.Length) builder.Append(text[i]);
            start = i + 1;
        }

        return builder.ToString();
    }
}
