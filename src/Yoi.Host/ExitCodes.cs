namespace Yoi.Host;

/// <summary>The process exit codes of <c>yoi-supervisor</c> (documented in the README).</summary>
public static class ExitCodes
{
    /// <summary>Done (for <c>status</c>: even when pods are unreachable).</summary>
    public const int Ok = 0;

    /// <summary>An unexpected failure (a bug, or the environment refused something); one line on stderr.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong (unknown command or option, missing or invalid argument, invalid <c>--raw</c> method).</summary>
    public const int Usage = 2;

    /// <summary>The registry (<c>pods.json</c>) could not be read.</summary>
    public const int RegistryUnreadable = 3;

    /// <summary><c>run</c>: another live supervisor owns <c>supervisor.sock</c>.</summary>
    public const int SupervisorRunning = 4;

    /// <summary><c>send</c>/<c>watch</c>/<c>status --pod</c>: the pod is not registered, or could not be reached.</summary>
    public const int PodUnavailable = 5;

    /// <summary><c>send --follow</c>: the pod answered with an <c>error</c> event.</summary>
    public const int PodError = 6;

    /// <summary>The running supervisor could not be talked to (connection lost, request failed).</summary>
    public const int SupervisorUnavailable = 7;
}
