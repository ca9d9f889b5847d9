namespace Yoi.Actors.Managed.Native;

/// <summary>Decodes a waitpid(2) status word (the WIFEXITED / WEXITSTATUS / WIFSIGNALED / WTERMSIG macros).</summary>
public static class WaitStatus
{
    public static ManagedExit Decode(int status, DateTimeOffset at)
    {
        var low = status & 0x7f;
        if (low == 0)
            return new ManagedExit((status >> 8) & 0xff, null, at);
        // 0x7f is "stopped" (WIFSTOPPED), not an ending; waitpid without WUNTRACED never reports it.
        return low != 0x7f ? new ManagedExit(null, low, at) : new ManagedExit(null, null, at);
    }
}
