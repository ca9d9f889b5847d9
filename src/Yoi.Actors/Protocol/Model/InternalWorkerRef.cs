namespace Yoi.Actors.Protocol;

/// <summary>Names an internal worker (worker dialect); a null <c>ParentSessionId</c> is omitted on the wire.</summary>
public sealed record InternalWorkerRef(string SessionId, string Name, string? ParentSessionId, InternalWorkerKind Kind);
