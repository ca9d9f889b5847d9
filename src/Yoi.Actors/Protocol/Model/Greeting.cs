namespace Yoi.Actors.Protocol;

/// <summary>
/// Pod self-description sent with <c>snapshot</c>. <c>context_window</c>/<c>context_tokens</c> default to 0 on input.
/// <c>PodName</c> is the wire field <c>pod_name</c> in the pod dialect, <c>worker_name</c> in the worker dialect; which
/// one the greeting carried is its <see cref="Dialect"/>, and it is written back the same way.
/// </summary>
public sealed record Greeting(
    string PodName,
    string Cwd,
    string Provider,
    string Model,
    string ScopeSummary,
    IReadOnlyList<string> Tools,
    long ContextWindow,
    long ContextTokens,
    Dialect Dialect = Dialect.Pod);
