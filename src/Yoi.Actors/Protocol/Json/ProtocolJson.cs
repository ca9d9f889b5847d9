using Newtonsoft.Json;

namespace Yoi.Actors.Protocol;

/// <summary>
/// The configured Newtonsoft pieces behind the codecs, for embedding protocol values in other JSON (e.g. persisted
/// state). Line traffic should go through <see cref="EventCodec"/> / <see cref="MethodCodec"/>, which call the converters
/// directly and write serde's exact bytes.
/// </summary>
public static class ProtocolJson
{
    /// <summary>
    /// A shared serializer with the protocol converters. Thread-safe for (de)serialization as long as nobody changes its
    /// settings; do not mutate it. Strings are not parsed as dates (DateParseHandling.None) so payloads stay verbatim.
    /// </summary>
    public static JsonSerializer Serializer { get; } = JsonSerializer.Create(new JsonSerializerSettings
    {
        Converters =
        [
            new EventJsonConverter(), new MethodJsonConverter(), new SegmentJsonConverter(), new PodEventJsonConverter(),
        ],
        DateParseHandling = DateParseHandling.None,
        FloatParseHandling = FloatParseHandling.Double,
        MaxDepth = LineReader.MaxDepth,
    });
}
