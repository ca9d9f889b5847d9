namespace Yoi.Actors.Protocol;

/// <summary>
/// Orders strings by their UTF-8 bytes, i.e. by code point, as Rust's <c>String</c> ordering does. Plain ordinal UTF-16
/// order differs only when a surrogate pair meets a character in U+E000–U+FFFF, so those ranges are swapped.
/// </summary>
internal static class Utf8Order
{
    public static int Compare(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            var x = a[i];
            var y = b[i];
            if (x != y)
            {
                return Fix(x) - Fix(y);
            }
        }

        return a.Length - b.Length;
    }

    private static int Fix(char c) => c switch
    {
        >= '\uD800' and <= '\uDFFF' => c + 0x2000,
        >= '\uE000' => c - 0x800,
        _ => c,
    };
}
