using System.Collections.Frozen;

namespace Yoi.Actors.Protocol;

/// <summary>The variants of one tagged union, looked up by tag (decoding) and by record type (encoding).</summary>
internal sealed class WireTable<T>
    where T : class
{
    private readonly FrozenDictionary<string, WireVariant<T>> _byTag;
    private readonly FrozenDictionary<Type, WireVariant<T>> _byType;
    private readonly WireVariant<T>[] _variants;

    public WireTable(params WireVariant<T>[] variants)
        : this(true, variants)
    {
    }

    /// <param name="writable">False for a table that only reads (several tags may then decode to one type).</param>
    public WireTable(bool writable, params WireVariant<T>[] variants)
    {
        _variants = variants;
        _byTag = variants.Where(static v => v.Decodable).ToFrozenDictionary(static v => v.Tag, StringComparer.Ordinal);
        _byType = writable ? variants.ToFrozenDictionary(static v => v.Type) : FrozenDictionary<Type, WireVariant<T>>.Empty;
    }

    /// <summary>The variant a tag names in <paramref name="dialect"/> (null: in either); null when it names none.</summary>
    public WireVariant<T>? Find(string tag, Dialect? dialect) =>
        _byTag.TryGetValue(tag, out var variant) && variant.SpokenIn(dialect) ? variant : null;

    /// <summary>
    /// The variant that writes <paramref name="value"/> in <paramref name="dialect"/>, translating the value to that
    /// dialect's equivalent when its own variant belongs to the other one (or throwing <see cref="DialectMismatchException"/>).
    /// </summary>
    public WireVariant<T> For(ref T value, Dialect? dialect)
    {
        var variant = Of(value);
        if (variant.SpokenIn(dialect))
            return variant;
        value = variant.Translate?.Invoke(value)
            ?? throw new InvalidOperationException($"{variant.Tag} has no translation into the {dialect} dialect");
        return Of(value);
    }

    /// <summary>serde's "expected one of" list of the tags <paramref name="dialect"/> decodes.</summary>
    public string Expected(Dialect? dialect) => string.Join(", ",
        _variants.Where(v => v.Decodable && v.SpokenIn(dialect)).Select(static v => $"`{v.Tag}`"));

    private WireVariant<T> Of(T value) => _byType.TryGetValue(value.GetType(), out var variant)
        ? variant
        : throw new ArgumentException($"unsupported type {value.GetType().Name}", nameof(value));
}
