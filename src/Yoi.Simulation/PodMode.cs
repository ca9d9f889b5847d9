namespace Yoi.Simulation;

/// <summary>How a <see cref="SimulatedPod"/> behaves on its socket. Wire names (for the CLI) are in <see cref="PodModes"/>.</summary>
public enum PodMode
{
    /// <summary>The full pod behaviour: alerts, snapshot, runs, pause/resume/cancel, completions, shutdown.</summary>
    Normal,

    /// <summary>Accepts connections and reads, never writes a byte.</summary>
    Silent,

    /// <summary>Writes alerts and snapshot only after <see cref="SimulationOptions.SlowDelay"/>, then behaves normally.</summary>
    Slow,

    /// <summary>Writes the first half of the snapshot line (no <c>\n</c>) and stalls.</summary>
    PartialLine,

    /// <summary>Writes one non-JSON line, then nothing.</summary>
    Garbage,

    /// <summary>Writes an unknown event and a user_message with an unknown segment kind before alerts and snapshot, then behaves normally.</summary>
    UnknownVariants,

    /// <summary>Writes one line of <see cref="SimulationOptions.HugeLineBytes"/> bytes first, then behaves normally.</summary>
    HugeLine,

    /// <summary>Accepts, then closes the connection at once.</summary>
    CloseAtOnce,

    /// <summary>The socket file exists and is bound, but nobody listens: connect fails with ECONNREFUSED.</summary>
    Refused,

    /// <summary>Registered, but there is no socket file.</summary>
    Missing,

    /// <summary>Registered with the pid of an exited process; a leftover socket file refuses connections.</summary>
    Stale,

    /// <summary>After alerts and snapshot, streams <c>text_delta</c> lines as fast as the client reads, until it leaves.</summary>
    Flood,
}
