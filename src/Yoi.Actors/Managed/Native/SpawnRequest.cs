namespace Yoi.Actors.Managed.Native;

/// <summary>What to spawn: argv (<c>Command[0]</c> looked up in the child's <c>PATH</c> when it has no slash), the
/// working directory (null: the supervisor's), the child's whole environment, and the two log files its stdout and
/// stderr are opened on (O_APPEND, created 0600). Stdin is /dev/null.</summary>
public sealed record SpawnRequest(
    IReadOnlyList<string> Command,
    string? Cwd,
    IReadOnlyDictionary<string, string> Environment,
    string StdoutPath,
    string StderrPath);
