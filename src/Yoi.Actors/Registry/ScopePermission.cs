namespace Yoi.Actors.Registry;

/// <summary>The runtime's <c>Permission</c> lattice (<c>Read &lt; Write</c>); serialized lowercase.</summary>
public enum ScopePermission
{
    Read,
    Write,
}
