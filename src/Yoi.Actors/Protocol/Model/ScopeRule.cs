namespace Yoi.Actors.Protocol;

/// <summary>A delegated path permission; <c>recursive</c> defaults to true on input and is always written.</summary>
public sealed record ScopeRule(string Target, Permission Permission, bool Recursive);
