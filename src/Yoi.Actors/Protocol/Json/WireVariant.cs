using Newtonsoft.Json;

namespace Yoi.Actors.Protocol;

/// <summary>Reads one wire shape; <paramref name="dialect"/> is the dialect being decoded, null for either.</summary>
internal delegate T WireReader<out T>(JsonReader reader, Dialect? dialect);

/// <summary>Writes one wire shape; <paramref name="dialect"/> is the dialect written (null: as the value came in).</summary>
internal delegate void WireWriter<in T>(JsonWriter writer, T value, Dialect? dialect);

/// <summary>
/// One variant of a tagged union on the wire: its tag, the record it decodes to, which dialect speaks it, and how its
/// payload is read and written — the single place that spells that variant. What "payload" means is the driver's:
/// the content value of an adjacently tagged union (<see cref="AdjacentlyTagged{T}"/>), the fields after the tag of an
/// internally tagged one (<see cref="InternallyTagged{T}"/>).
/// </summary>
internal sealed class WireVariant<TBase>
    where TBase : class
{
    private WireVariant(string tag, Type type, Dialect? only, WireReader<TBase>? read, WireWriter<TBase>? write, TBase? unit,
        Func<TBase, TBase>? translate, bool decodable, bool fieldsObject = false)
    {
        FieldsObject = fieldsObject;
        Tag = tag;
        Type = type;
        Only = only;
        Read = read;
        Write = write;
        Unit = unit;
        Translate = translate;
        Decodable = decodable;
    }

    public string Tag { get; }

    public Type Type { get; }

    /// <summary>The one dialect that has this variant; null when both do.</summary>
    public Dialect? Only { get; }

    /// <summary>Reads the payload; null for a unit variant.</summary>
    public WireReader<TBase>? Read { get; }

    /// <summary>Writes the payload; null for a unit variant.</summary>
    public WireWriter<TBase>? Write { get; }

    /// <summary>The only value of a unit variant.</summary>
    public TBase? Unit { get; }

    /// <summary>The other dialect's equivalent of a value of this variant, or a <see cref="DialectMismatchException"/>.</summary>
    public Func<TBase, TBase>? Translate { get; }

    /// <summary>False for a write-only spelling (serde's <c>Unknown</c> segment, which reads as any other unknown kind).</summary>
    public bool Decodable { get; }

    /// <summary>The payload is an object of fields: the driver writes its braces around <see cref="Write"/>.</summary>
    public bool FieldsObject { get; }

    public bool SpokenIn(Dialect? dialect) => Only is null || dialect is null || Only == dialect;

    /// <param name="fieldsObject">The payload is an object whose fields <paramref name="write"/> writes (the driver adds
    /// the braces).</param>
    public static WireVariant<TBase> Of<T>(string tag, WireReader<T> read, WireWriter<T> write, Dialect? only = null,
        Func<T, TBase>? translate = null, bool decodable = true, bool fieldsObject = false)
        where T : class, TBase =>
        // The reader converts by variance (no wrapper on the hot decode path); the writer needs the cast.
        new(tag, typeof(T), only, read, (w, v, d) => write(w, (T)v, d), null,
            translate is null ? null : v => translate((T)v), decodable, fieldsObject);

    public static WireVariant<TBase> UnitOf<T>(string tag, T instance, Dialect? only = null, Func<T, TBase>? translate = null,
        bool decodable = true)
        where T : class, TBase =>
        new(tag, typeof(T), only, null, null, instance, translate is null ? null : v => translate((T)v), decodable);

    /// <summary>A variant of a table that only reads (a projection such as the probe's status reading).</summary>
    public static WireVariant<TBase> ReadOnlyOf(string tag, WireReader<TBase> read) =>
        new(tag, typeof(TBase), null, read, null, null, null, true);
}
