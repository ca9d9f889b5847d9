using Yoi.Actors.Protocol;

namespace Yoi.Actors.Sessions;

/// <summary>One event as it arrived: the decoded value and the exact line the pod sent (kept for raw output).</summary>
public sealed record ReceivedEvent(Event Event, string Line);
