namespace Yoi.Actors.Supervision;

/// <summary>The actor-system settings the supervisor is meant to run with (the host and the benchmarks use them).</summary>
public static class SupervisorSystemConfig
{
    /// <summary>
    /// Akka's scheduler thread wakes every tick even when nothing is due: at the default 10 ms that alone costs about
    /// 3 % of a core in a process that is otherwise idle. The poll loop and probe deadlines run on runtime timers,
    /// and what is left on the scheduler waits seconds (a session's greeting), so a 1 s tick loses nothing.
    /// </summary>
    public const string Hocon = """
        akka.scheduler.tick-duration = 1s
        """;
}
