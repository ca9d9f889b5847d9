namespace Yoi.Actors.Connections;

/// <summary>Why an established connection ended.</summary>
public enum DisconnectReason
{
    /// <summary>The pod closed (EOF or reset).</summary>
    PeerClosed,
    /// <summary>A receive failed for another reason.</summary>
    ReadError,
    /// <summary>A line exceeded the maximum line length; the stream is unusable.</summary>
    LineTooLong,
    /// <summary>A write failed; the stream's state is unknown.</summary>
    WriteError,
}
