using System.Buffers;
using Newtonsoft.Json;

namespace Yoi.Actors.Protocol;

/// <summary>Creates the per-line <see cref="JsonTextReader"/> and maps Newtonsoft's errors to <see cref="ProtocolException"/>.</summary>
internal static class LineReader
{
    /// <summary>serde_json's recursion limit.</summary>
    public const int MaxDepth = 128;

    // Pre-filled with every field name so property names are not allocated per line. Only read after construction
    // (JsonTextReader never adds to it), so sharing it across threads is safe.
    private static readonly DefaultJsonNameTable Names = CreateNames();

    public static JsonTextReader Create(string line) => new(new StringReader(line))
    {
        ArrayPool = CharPool.Instance,
        PropertyNameTable = Names,
        DateParseHandling = DateParseHandling.None,
        FloatParseHandling = FloatParseHandling.Double,
        MaxDepth = MaxDepth,
    };

    /// <summary>Reads one whole line: its root object (named <paramref name="what"/> in errors) with
    /// <paramref name="read"/>, which is also given the line; then nothing may follow. Every error is a
    /// <see cref="ProtocolException"/>.</summary>
    public static T Read<T>(string line, string what, Func<JsonTextReader, string, T> read)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            using var reader = Create(line);
            StartRoot(reader, what);
            var value = read(reader, line);
            End(reader);
            return value;
        }
        catch (JsonReaderException e)
        {
            throw InvalidJson(e);
        }
    }

    /// <summary>Moves to the root value, which must be an object.</summary>
    public static void StartRoot(JsonTextReader reader, string what)
    {
        if (!reader.Read())
        {
            throw new ProtocolException($"empty line: expected a JSON {what} object");
        }

        if (reader.TokenType != JsonToken.StartObject)
        {
            throw WireRead.TypeError(reader, what, "a JSON object");
        }
    }

    /// <summary>After the root object only whitespace may follow (serde: "trailing characters").</summary>
    public static void End(JsonTextReader reader)
    {
        if (reader.Read())
        {
            throw new ProtocolException($"trailing characters at position {reader.LinePosition}");
        }
    }

    public static ProtocolException InvalidJson(JsonReaderException e)
    {
        // Newtonsoft appends " Path …, line 1, position N."; the position (characters consumed) is put up front instead.
        var message = e.Message;
        var path = message.IndexOf(" Path '", StringComparison.Ordinal);
        if (path > 0)
        {
            message = message[..path];
        }

        return new ProtocolException($"invalid JSON at position {e.LinePosition}: {message}", e);
    }

    private static DefaultJsonNameTable CreateNames()
    {
        var table = new DefaultJsonNameTable();
        foreach (var name in new[]
        {
            "event", "data", "method", "params", "text", "id", "json", "name", "status", "input_tokens", "output_tokens",
            "cache_read_input_tokens", "kind", "content", "segments", "item", "turn", "result", "llm_call",
            "failed_attempt", "max_attempts", "wait_ms", "elapsed_ms", "error", "attempt", "reason", "arguments",
            "summary", "output", "is_error", "code", "message", "entries", "greeting", "entry", "targets",
            "head_entries", "input", "pods", "level", "source", "timestamp_ms", "worker", "run_id", "trigger",
            "new_segment_id", "pod_name", "cwd", "provider", "model", "scope_summary", "tools", "context_window",
            "context_tokens", "value", "is_dir", "segment_id", "user_input_entry_index", "expected_head_entries",
            "truncate_entries", "turn_index", "preview", "eligible", "disabled_reason", "warning",
            "truncated_to_entries", "discarded_entries", "tool_side_effect_warning", "chars", "lines", "path", "slug",
            "parent_pod", "sub_pod", "sub_socket", "scope", "target", "permission", "recursive", "prefix",
            // The worker dialect's.
            "worker_name", "workers", "parent_worker", "sub_worker", "selector", "auto_run", "in_flight",
            "internal_workers", "blocks", "commands", "finished", "args", "state", "command_id", "tool_call_id",
            "observed_at_ms", "started_at_ms", "last_output_at_ms", "stdout", "stderr", "exit_code", "start_offset",
            "end_offset", "truncated", "stream", "stdout_end_offset", "stderr_end_offset", "session_id",
            "parent_session_id", "revision",
        })
        {
            table.Add(name);
        }

        return table;
    }

    /// <summary>Rents the reader's buffers from the shared pool instead of allocating ~2 KB per line.</summary>
    private sealed class CharPool : IArrayPool<char>
    {
        public static readonly CharPool Instance = new();

        public char[] Rent(int minimumLength) => ArrayPool<char>.Shared.Rent(minimumLength);

        public void Return(char[]? array)
        {
            if (array is not null)
            {
                ArrayPool<char>.Shared.Return(array);
            }
        }
    }
}
