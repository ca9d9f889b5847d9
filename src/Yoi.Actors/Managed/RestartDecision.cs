namespace Yoi.Actors.Managed;

/// <summary>Whether a process that ended on its own is started again, by its policy.</summary>
public static class RestartDecision
{
    /// <summary><c>always</c>: yes; <c>on-failure</c>: unless it exited 0 (an adopted process's unknown exit counts
    /// as a failure: it was not asked to stop); <c>never</c>: no.</summary>
    public static bool ShouldRestart(RestartPolicy policy, ManagedExit exit) => policy switch
    {
        RestartPolicy.Always => true,
        RestartPolicy.OnFailure => !exit.Clean,
        _ => false,
    };
}
