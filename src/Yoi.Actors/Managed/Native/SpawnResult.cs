namespace Yoi.Actors.Managed.Native;

/// <summary>A spawned process, or why none could be: <see cref="Error"/> for a person
/// ("cannot execute /opt/x: No such file or directory").</summary>
public sealed record SpawnResult(ManagedProcess? Process, string? Error)
{
    public static SpawnResult Failed(string error) => new(null, error);
}
