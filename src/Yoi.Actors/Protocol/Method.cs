namespace Yoi.Actors.Protocol;

/// <summary>
/// A client → pod method (<c>{"method":…,"params":…}</c>): one sealed <c>&lt;Variant&gt;Method</c> record per Rust variant;
/// unit variants are singletons (<c>CancelMethod.Instance</c>). Encode/decode with <see cref="MethodCodec"/>.
/// </summary>
public abstract record Method
{
    /// <summary>The wire tag, e.g. <c>run</c>.</summary>
    public abstract string Name { get; }
}
