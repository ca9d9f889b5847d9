namespace Yoi.Actors.Protocol;

/// <summary>Pod self-description sent with <c>snapshot</c>. <c>context_window</c>/<c>context_tokens</c> default to 0 on input.</summary>
public sealed record Greeting(string PodName, string Cwd, string Provider, string Model, string ScopeSummary, IReadOnlyList<string> Tools, long ContextWindow, long ContextTokens);
