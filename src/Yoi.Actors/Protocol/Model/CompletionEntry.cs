namespace Yoi.Actors.Protocol;

/// <summary>One completion candidate; <c>is_dir</c> defaults to false on input.</summary>
public sealed record CompletionEntry(string Value, bool IsDir);
