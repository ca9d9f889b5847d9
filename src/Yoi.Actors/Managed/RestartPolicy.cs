namespace Yoi.Actors.Managed;

/// <summary>When a managed pod that exited is started again (config <c>restart</c>).</summary>
public enum RestartPolicy
{
    /// <summary><c>always</c>: whatever the exit.</summary>
    Always,

    /// <summary><c>on-failure</c>: a non-zero exit code or a signal.</summary>
    OnFailure,

    /// <summary><c>never</c>.</summary>
    Never,
}
