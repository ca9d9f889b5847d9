namespace Yoi.Actors.Protocol;

/// <summary>A client → pod method (<c>{"method":…,"params":…}</c>). CONTRACT STUB: the protocol work fills in the variants.</summary>
public abstract record Method
{
    /// <summary>The wire tag, e.g. <c>run</c>.</summary>
    public abstract string Name { get; }
}
