namespace Yoi.Actors.Managed;

/// <summary>What <c>run</c> does with its managed pods when it stops (config <c>on_exit</c>).</summary>
public enum OnExitPolicy
{
    /// <summary><c>stop</c>: stop every pod (shutdown method, SIGINT, SIGTERM, SIGKILL after the grace).</summary>
    Stop,

    /// <summary><c>keep</c>: leave them running for the next supervisor to adopt.</summary>
    Keep,
}
