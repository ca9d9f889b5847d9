namespace Yoi.Actors.Registry;

/// <summary><c>kill(pid, 0)</c> semantics: ESRCH = dead, EPERM = alive. CONTRACT STUB.</summary>
public static class ProcessLiveness
{
    public static bool IsAlive(int pid) => throw new NotImplementedException();
}
