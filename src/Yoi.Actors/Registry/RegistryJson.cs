using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Yoi.Actors.Registry;

/// <summary>The registry document: <c>{"allocations":[…]}</c>, with the Rust runtime's field types and defaults; the name
/// field is <c>pod_name</c> in <c>pods.json</c>, <c>worker_name</c> in <c>workers.json</c>.</summary>
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

    /// <summary>Null for an empty or white-space-only file.</summary>
    /// <exception cref="RegistryCorruptException">Not UTF-8, or not JSON.</exception>
    public static JsonDocument? Parse(string path, byte[] content)
    {
        // Validated in place: decoding a file of tens of megabytes to a string only to check it would double its cost.
        if (!Utf8.IsValid(content))
        {
            try
            {
                _ = StrictUtf8.GetCharCount(content);
            }
            catch (DecoderFallbackException e)
            {
                var (line, position) = LineAndPosition(content, Math.Max(e.Index, 0));
                throw new RegistryCorruptException(path, line, position, "invalid UTF-8", e);
            }
        }
        var start = content.AsSpan().TrimStart(" \t\r\n"u8);
        // As the runtime's str::trim: Unicode white space counts too (rare enough to decode for).
        if (start.IsEmpty || (start[0] >= 0x80 && string.IsNullOrWhiteSpace(Encoding.UTF8.GetString(start))))
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
    public static IReadOnlyList<PodAllocation> Allocations(string path, JsonDocument? document, RegistryFlavor flavor)
    {
        if (document is null)
            return [];
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw Shape(path, flavor, $"the top level must be an object, found {Describe(root)}");
        if (!root.TryGetProperty(AllocationsKey, out var array) || array.ValueKind == JsonValueKind.Null)
            return [];
        if (array.ValueKind != JsonValueKind.Array)
            throw Shape(path, flavor, $"\"{AllocationsKey}\" must be an array, found {Describe(array)}");

        var result = new List<PodAllocation>(array.GetArrayLength());
        foreach (var element in array.EnumerateArray())
            result.Add(Allocation(path, flavor, $"{AllocationsKey}[{result.Count}]", element));
        return result;
    }

    /// <summary>The file's new content: <paramref name="document"/> with every allocation named <paramref name="podName"/>
    /// replaced by <paramref name="replacement"/> (in place of the first, else appended) or, when it is null, removed.</summary>
    /// <remarks>Written as the runtime writes the file (serde_json's pretty format, fields in its order), so a file only the
    /// runtime and this code write stays byte for byte what the runtime would have written. Everything else is copied, so
    /// fields this code does not know (top-level keys, extra fields of other allocations) survive a rewrite.
    /// <paramref name="current"/> must be <see cref="Allocations"/> of the same document.</remarks>
    public static byte[] Rewrite(string path, RegistryFlavor flavor, JsonDocument? document, IReadOnlyList<PodAllocation> current,
        string podName, PodAllocation? replacement)
    {
        var writer = new SerdePrettyWriter();
        try
        {
            writer.StartObject();
            var wroteAllocations = false;
            if (document is not null)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    writer.Key(property.Name);
                    if (property.NameEquals(AllocationsKey))
                    {
                        WriteAllocations(writer, flavor, property.Value, current, podName, replacement);
                        wroteAllocations = true;
                    }
                    else
                    {
                        Copy(writer, property.Value);
                    }
                }
            }
            if (!wroteAllocations)
            {
                writer.Key(AllocationsKey);
                WriteAllocations(writer, flavor, default, current, podName, replacement);
            }
            writer.EndObject();
        }
        catch (InvalidOperationException e)
        {
            // A string with a lone surrogate escape in a field this code does not read: serde_json would refuse it too.
            throw new RegistryException($"cannot rewrite {path}: it holds a string that is not valid Unicode ({e.Message})", e);
        }
        return writer.Written.ToArray();
    }

    private static void WriteAllocations(SerdePrettyWriter writer, RegistryFlavor flavor, JsonElement existing,
        IReadOnlyList<PodAllocation> current, string podName, PodAllocation? replacement)
    {
        writer.StartArray();
        var replaced = replacement is null;
        if (existing.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var element in existing.EnumerateArray())
            {
                if (current[index++].PodName != podName)
                {
                    Copy(writer, element);
                }
                else if (!replaced)
                {
                    Write(writer, flavor, replacement!);
                    replaced = true;
                }
            }
        }
        if (!replaced)
            Write(writer, flavor, replacement!);
        writer.EndArray();
    }

    private static void Copy(SerdePrettyWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.StartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.Key(property.Name);
                    Copy(writer, property.Value);
                }
                writer.EndObject();
                break;
            case JsonValueKind.Array:
                writer.StartArray();
                foreach (var item in element.EnumerateArray())
                    Copy(writer, item);
                writer.EndArray();
                break;
            case JsonValueKind.String:
                writer.String(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.RawNumber(element.GetRawText());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                writer.Boolean(element.GetBoolean());
                break;
            default:
                writer.Null();
                break;
        }
    }

    private static void Write(SerdePrettyWriter writer, RegistryFlavor flavor, PodAllocation allocation)
    {
        // Field order and explicit nulls as the runtime serializes its Allocation.
        writer.StartObject();
        writer.Key(flavor.NameKey);
        writer.String(allocation.PodName);
        writer.Key("pid");
        writer.Number(allocation.Pid);
        writer.Key("socket");
        writer.String(allocation.Socket);
        WriteRules(writer, "scope_allow", allocation.ScopeAllow);
        WriteRules(writer, "scope_deny", allocation.ScopeDeny);
        writer.Key("delegated_from");
        writer.String(allocation.DelegatedFrom);
        writer.Key("segment_id");
        writer.String(allocation.SegmentId);
        writer.EndObject();
    }

    private static void WriteRules(SerdePrettyWriter writer, string name, IReadOnlyList<ScopeRule>? rules)
    {
        writer.Key(name);
        writer.StartArray();
        foreach (var rule in rules ?? [])
        {
            writer.StartObject();
            writer.Key("target");
            writer.String(rule.Target);
            writer.Key("permission");
            writer.String(rule.Permission == ScopePermission.Write ? "write" : "read");
            writer.Key("recursive");
            writer.Boolean(rule.Recursive);
            writer.EndObject();
        }
        writer.EndArray();
    }

    private static PodAllocation Allocation(string path, RegistryFlavor flavor, string where, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Shape(path, flavor, $"{where} must be an object, found {Describe(element)}");

        var podName = RequiredString(path, flavor, where, element, flavor.NameKey);
        where = $"{where} ({flavor.Noun} \"{PodNames.Escape(podName)}\")";
        if (!element.TryGetProperty("pid", out var pidElement))
            throw Shape(path, flavor, $"{where} lacks the required field \"pid\"");
        if (pidElement.ValueKind != JsonValueKind.Number || !pidElement.TryGetInt32(out var pid) || pid < 0)
            throw Shape(path, flavor, $"{where}: \"pid\" must be an integer from 0 to {int.MaxValue}, found {Describe(pidElement)}");

        return new PodAllocation(
            podName,
            pid,
            RequiredString(path, flavor, where, element, "socket"),
            Rules(path, flavor, where, element, "scope_allow"),
            Rules(path, flavor, where, element, "scope_deny"),
            OptionalString(path, flavor, where, element, "delegated_from"),
            OptionalString(path, flavor, where, element, "segment_id"))
        {
            Flavor = flavor,
        };
    }

    private static string RequiredString(string path, RegistryFlavor flavor, string where, JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
            throw Shape(path, flavor, $"{where} lacks the required field \"{name}\"");
        return value.ValueKind == JsonValueKind.String
            ? GetString(path, flavor, where, name, value)
            : throw Shape(path, flavor, $"{where}: \"{name}\" must be a string, found {Describe(value)}");
    }

    private static string? OptionalString(string path, RegistryFlavor flavor, string where, JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String
            ? GetString(path, flavor, where, name, value)
            : throw Shape(path, flavor, $"{where}: \"{name}\" must be a string or null, found {Describe(value)}");
    }

    private static string GetString(string path, RegistryFlavor flavor, string where, string name, JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // "\ud800" alone: valid JSON escapes, yet no string; serde_json refuses the whole file for it.
            throw Shape(path, flavor, $"{where}: \"{name}\" is not valid Unicode (a lone surrogate escape)");
        }
    }

    // Missing or null lists are empty (the runtime defaults scope_deny; older writers may omit either).
    private static IReadOnlyList<ScopeRule> Rules(string path, RegistryFlavor flavor, string where, JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
            return [];
        if (array.ValueKind != JsonValueKind.Array)
            throw Shape(path, flavor, $"{where}: \"{name}\" must be an array, found {Describe(array)}");

        var rules = new List<ScopeRule>(array.GetArrayLength());
        foreach (var ruleElement in array.EnumerateArray())
        {
            var ruleWhere = $"{where}: {name}[{rules.Count}]";
            if (ruleElement.ValueKind != JsonValueKind.Object)
                throw Shape(path, flavor, $"{ruleWhere} must be an object, found {Describe(ruleElement)}");
            var target = RequiredString(path, flavor, ruleWhere, ruleElement, "target");
            var permission = RequiredString(path, flavor, ruleWhere, ruleElement, "permission") switch
            {
                "read" => ScopePermission.Read,
                "write" => ScopePermission.Write,
                var other => throw Shape(path, flavor, $"{ruleWhere}: \"permission\" must be \"read\" or \"write\", found \"{PodNames.Escape(other)}\""),
            };
            var recursive = true;
            if (ruleElement.TryGetProperty("recursive", out var recursiveElement))
            {
                recursive = recursiveElement.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Shape(path, flavor, $"{ruleWhere}: \"recursive\" must be a boolean, found {Describe(recursiveElement)}"),
                };
            }
            rules.Add(new ScopeRule(target, permission, recursive));
        }
        return rules;
    }

    private static RegistryException Shape(string path, RegistryFlavor flavor, string detail) =>
        new($"{path} is not a valid {flavor.Noun} registry: {detail}");

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        // Raw JSON text may still hold characters a terminal acts on (U+0085, bidi controls), and be long.
        JsonValueKind.String => $"the string {PodNames.Escape(element.GetRawText())}",
        JsonValueKind.Number => $"the number {PodNames.Escape(element.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        _ => "null",
    };

    // System.Text.Json appends its own "LineNumber: … | BytePositionInLine: …" to the message; ours carries them already.
    // What it quotes of the content (an invalid literal, a character) is escaped and bounded like any other file text.
    private static string Reason(JsonException e)
    {
        var cut = e.Message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return PodNames.Escape((cut >= 0 ? e.Message[..cut] : e.Message).TrimEnd(), 200);
    }

    private static (long Line, long Position) LineAndPosition(ReadOnlySpan<byte> content, int index)
    {
        var before = content[..Math.Min(index, content.Length)];
        var lastNewline = before.LastIndexOf((byte)'\n');
        return (before.Count((byte)'\n') + 1, index - lastNewline);
    }
}
