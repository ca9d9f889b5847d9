namespace Yoi.Actors.Registry;

/// <summary>One allow or deny rule of an allocation, as the runtime stores it:
/// <c>{"target": path, "permission": "read"|"write", "recursive": bool}</c> (<c>recursive</c> defaults to true).</summary>
public sealed record ScopeRule(string Target, ScopePermission Permission, bool Recursive = true);
