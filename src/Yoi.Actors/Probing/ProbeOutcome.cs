namespace Yoi.Actors.Probing;

/// <summary>How one probe ended (design §3). Wire names via <see cref="ProbeOutcomes.ToWireName"/>.</summary>
public enum ProbeOutcome
{
    /// <summary>A status arrived (snapshot or status event).</summary>
    Ok,
    /// <summary>Connected, but no status before the deadline.</summary>
    NoStatus,
    /// <summary>The peer closed before sending a status.</summary>
    Closed,
    /// <summary>Nobody listens on the socket.</summary>
    Refused,
    /// <summary>No socket file.</summary>
    Missing,
    /// <summary>Permission denied.</summary>
    Denied,
    /// <summary>The registry's pid is dead; not probed.</summary>
    Stale,
    /// <summary>The stream is unusable: a line too long, or only undecodable lines before the deadline.</summary>
    ProtocolError,
}
