namespace Yoi.Actors.Registry;

/// <summary>Pod names become path segments. CONTRACT STUB.</summary>
public static class PodNames
{
    /// <summary>Null when <paramref name="name"/> is usable, else why not (empty, '/', "..", NUL, control characters).</summary>
    public static string? Validate(string name) => throw new NotImplementedException();
}
