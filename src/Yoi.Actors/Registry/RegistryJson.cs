using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Yoi.Actors.Registry;

/// <summary>The <c>pods.json</c> document: <c>{"allocations":[…]}</c>, with the Rust runtime's field types and defaults.</summary>
internal static class RegistryJson
{
    public const string AllocationsKey = "allocations";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // As strict as serde_json: no comments, no trailing commas, no duplicate keys.
    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        AllowDuplicateProperties = false,
    };

    // Pretty like the runtime's serde_json::to_vec_pretty; non-ASCII paths stay readable.
    private static readonly JsonWriterOptions WriteOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Null for an empty or white-space-only file.</summary>
    /// <exception cref="RegistryCorruptException">Not UTF-8, or not JSON.</exception>
    public static JsonDocument? Parse(string path, byte[] content)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException e)
        {
            var (line, position) = LineAndPosition(content, Math.Max(e.Index, 0));
            throw new RegistryCorruptException(path, line, position, "invalid UTF-8", e);
        }
        if (string.IsNullOrWhiteSpace(text))
            return null;

        try
        {
            return JsonDocument.Parse(content, ParseOptions);
        }
        catch (JsonException e)
        {
            throw new RegistryCorruptException(path, (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, Reason(e), e);
        }
    }

    /// <summary>The allocations of <paramref name="document"/>, in file order.</summary>
    /// <exception cref="RegistryException">The JSON does not have the registry's shape. The whole read fails rather than
    /// skipping an entry, so a caller keeps its last good view instead of acting on a partial one.</exception>
    public static IReadOnlyList<PodAllocation> Allocations(string path, JsonDocument? document)
    {
        if (document is null)
            return [];
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw Shape(path, $"the top level must be an object, found {Describe(root)}");
        if (!root.TryGetProperty(AllocationsKey, out var array) || array.ValueKind == JsonValueKind.Null)
            return [];
        if (array.ValueKind != JsonValueKind.Array)
            throw Shape(path, $"\"{AllocationsKey}\" must be an array, found {Describe(array)}");

        var result = new List<PodAllocation>(array.GetArrayLength());
        foreach (var element in array.EnumerateArray())
            result.Add(Allocation(path, $"{AllocationsKey}[{result.Count}]", element));
        return result;
    }

    /// <summary>The file's new content: <paramref name="document"/> with every allocation named <paramref name="podName"/>
    /// replaced by <paramref name="replacement"/> (in place of the first, else appended) or, when it is null, removed.</summary>
    /// <remarks>Everything else is copied verbatim, so fields this code does not know (top-level keys, extra fields of other
    /// pods' allocations) survive a rewrite. <paramref name="current"/> must be <see cref="Allocations"/> of the same document.</remarks>
    public static byte[] Rewrite(JsonDocument? document, IReadOnlyList<PodAllocation> current, string podName, PodAllocation? replacement)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriteOptions))
        {
            writer.WriteStartObject();
            var wroteAllocations = false;
            if (document is not null)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.NameEquals(AllocationsKey))
                    {
                        WriteAllocations(writer, property.Value, current, podName, replacement);
                        wroteAllocations = true;
                    }
                    else
                    {
                        property.WriteTo(writer);
                    }
                }
            }
            if (!wroteAllocations)
                WriteAllocations(writer, default, current, podName, replacement);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteAllocations(Utf8JsonWriter writer, JsonElement existing, IReadOnlyList<PodAllocation> current,
        string podName, PodAllocation? replacement)
    {
        writer.WritePropertyName(AllocationsKey);
        writer.WriteStartArray();
        var replaced = replacement is null;
        if (existing.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var element in existing.EnumerateArray())
            {
                if (current[index++].PodName != podName)
                {
                    element.WriteTo(writer);
                }
                else if (!replaced)
                {
                    Write(writer, replacement!);
                    replaced = true;
                }
            }
        }
        if (!replaced)
            Write(writer, replacement!);
        writer.WriteEndArray();
    }

    private static void Write(Utf8JsonWriter writer, PodAllocation allocation)
    {
        // Field order and explicit nulls as the runtime serializes its Allocation.
        writer.WriteStartObject();
        writer.WriteString("pod_name", allocation.PodName);
        writer.WriteNumber("pid", allocation.Pid);
        writer.WriteString("socket", allocation.Socket);
        WriteRules(writer, "scope_allow", allocation.ScopeAllow);
        WriteRules(writer, "scope_deny", allocation.ScopeDeny);
        writer.WriteString("delegated_from", allocation.DelegatedFrom);
        writer.WriteString("segment_id", allocation.SegmentId);
        writer.WriteEndObject();
    }

    private static void WriteRules(Utf8JsonWriter writer, string name, IReadOnlyList<ScopeRule>? rules)
    {
        writer.WritePropertyName(name);
        writer.WriteStartArray();
        foreach (var rule in rules ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("target", rule.Target);
            writer.WriteString("permission", rule.Permission == ScopePermission.Write ? "write" : "read");
            writer.WriteBoolean("recursive", rule.Recursive);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static PodAllocation Allocation(string path, string where, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Shape(path, $"{where} must be an object, found {Describe(element)}");

        var podName = RequiredString(path, where, element, "pod_name");
        where = $"{where} (pod \"{podName}\")";
        if (!element.TryGetProperty("pid", out var pidElement))
            throw Shape(path, $"{where} lacks the required field \"pid\"");
        if (pidElement.ValueKind != JsonValueKind.Number || !pidElement.TryGetInt32(out var pid) || pid < 0)
            throw Shape(path, $"{where}: \"pid\" must be an integer from 0 to {int.MaxValue}, found {Describe(pidElement)}");

        return new PodAllocation(
            podName,
            pid,
            RequiredString(path, where, element, "socket"),
            Rules(path, where, element, "scope_allow"),
            Rules(path, where, element, "scope_deny"),
            OptionalString(path, where, element, "delegated_from"),
            OptionalString(path, where, element, "segment_id"));
    }

    private static string RequiredString(string path, string where, JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
            throw Shape(path, $"{where} lacks the required field \"{name}\"");
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Shape(path, $"{where}: \"{name}\" must be a string, found {Describe(value)}");
    }

    private static string? OptionalString(string path, string where, JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw Shape(path, $"{where}: \"{name}\" must be a string or null, found {Describe(value)}");
    }

    // Missing or null lists are empty (the runtime defaults scope_deny; older writers may omit either).
    private static IReadOnlyList<ScopeRule> Rules(string path, string where, JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
            return [];
        if (array.ValueKind != JsonValueKind.Array)
            throw Shape(path, $"{where}: \"{name}\" must be an array, found {Describe(array)}");

        var rules = new List<ScopeRule>(array.GetArrayLength());
        foreach (var ruleElement in array.EnumerateArray())
        {
            var ruleWhere = $"{where}: {name}[{rules.Count}]";
            if (ruleElement.ValueKind != JsonValueKind.Object)
                throw Shape(path, $"{ruleWhere} must be an object, found {Describe(ruleElement)}");
            var target = RequiredString(path, ruleWhere, ruleElement, "target");
            var permission = RequiredString(path, ruleWhere, ruleElement, "permission") switch
            {
                "read" => ScopePermission.Read,
                "write" => ScopePermission.Write,
                var other => throw Shape(path, $"{ruleWhere}: \"permission\" must be \"read\" or \"write\", found \"{other}\""),
            };
            var recursive = true;
            if (ruleElement.TryGetProperty("recursive", out var recursiveElement))
            {
                recursive = recursiveElement.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Shape(path, $"{ruleWhere}: \"recursive\" must be a boolean, found {Describe(recursiveElement)}"),
                };
            }
            rules.Add(new ScopeRule(target, permission, recursive));
        }
        return rules;
    }

    private static RegistryException Shape(string path, string detail) => new($"{path} is not a valid pod registry: {detail}");

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {element.GetRawText()}",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        _ => "null",
    };

    // System.Text.Json appends its own "LineNumber: … | BytePositionInLine: …" to the message; ours carries them already.
    private static string Reason(JsonException e)
    {
        var cut = e.Message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut >= 0 ? e.Message[..cut] : e.Message).TrimEnd();
    }

    private static (long Line, long Position) LineAndPosition(ReadOnlySpan<byte> content, int index)
    {
        var before = content[..Math.Min(index, content.Length)];
        var lastNewline = before.LastIndexOf((byte)'\n');
        return (before.Count((byte)'\n') + 1, index - lastNewline);
    }
}
