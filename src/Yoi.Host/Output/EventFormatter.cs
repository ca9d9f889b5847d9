using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Spectre.Console;
using Yoi.Actors.Registry;

namespace Yoi.Host.Output;

/// <summary>Pod events as readable lines: text deltas streamed inline, tool calls, status changes, errors.
/// Works on the raw line, so unknown variants are shown too.</summary>
public sealed class EventFormatter(IAnsiConsole console)
{
    private const int MaxShown = 200;
    private const int MaxListed = 20;
    // The runtime nests sub-workers' events one level per generation; a path deeper than this is shown as it is.
    private const int MaxNesting = 16;
    private bool _inline;

    /// <summary>Writes one event line as a person reads it.</summary>
    public void Write(string line)
    {
        JObject o;
        try
        {
            o = ParseObject(line);
        }
        catch (JsonException)
        {
            Line($"[grey]? {Markup.Escape(Shorten(line))}[/]");
            return;
        }

        var name = (string?)o["event"] ?? "?";
        var data = o["data"] as JObject ?? [];
        switch (name)
        {
            case "text_delta":
                console.Write(new Text(TerminalText.Flowing((string?)data["text"] ?? "")));
                _inline = true;
                return;
            case "thinking_delta":
                console.Write(new Text(TerminalText.Flowing((string?)data["text"] ?? ""), new Style(decoration: Decoration.Dim)));
                _inline = true;
                return;
            case "text_done":
            case "thinking_done":
                EndInline();
                return;
            case "thinking_start":
                Line("[grey]… thinking[/]");
                return;
            case "snapshot":
                Line($"[grey]snapshot:[/] status [bold]{Esc(data["status"]) ?? "idle"}[/], {(data["entries"] as JArray)?.Count ?? 0} entries");
                return;
            case "status":
                Line($"[blue]status[/] → [bold]{Esc(data["status"])}[/]");
                return;
            case "user_message":
                Line($"[bold]>[/] {Markup.Escape(Shorten(string.Concat((data["segments"] as JArray ?? []).Select(s => (string?)s["content"] ?? $"[{(string?)s["kind"]}]"))))}");
                return;
            case "invoke_start":
                Line($"[grey]invoke ({Esc(data["kind"])})[/]");
                return;
            case "turn_start":
                Line($"[grey]turn {Esc(data["turn"])} started[/]");
                return;
            case "turn_end":
                Line($"[grey]turn {Esc(data["turn"])} ended: {Esc(data["result"])}[/]");
                return;
            case "tool_call_start":
                Line($"[cyan]⚙ {Esc(data["name"])}[/] [grey]({Esc(data["id"])})[/]");
                return;
            case "tool_call_args_delta":
                return;
            case "tool_call_done":
                Line($"[cyan]⚙ {Esc(data["name"])}[/] {Markup.Escape(Shorten((string?)data["arguments"] ?? ""))}");
                return;
            case "tool_result":
                var isError = (bool?)data["is_error"] ?? false;
                Line($"[{(isError ? "red" : "cyan")}]↳ {Esc(data["id"])}:[/] {Markup.Escape(Shorten((string?)data["summary"] ?? ""))}");
                return;
            case "run_end":
                Line($"[green]run ended:[/] {Esc(data["result"])}");
                return;
            case "error":
                Line($"[red]error {Esc(data["code"])}:[/] {Esc(data["message"])}");
                return;
            case "alert":
                Line($"[yellow]alert ({Esc(data["level"])}, {Esc(data["source"])}):[/] {Esc(data["message"])}");
                return;
            case "usage":
                Line($"[grey]usage: {Esc(data["input_tokens"]) ?? "?"} in, {Esc(data["output_tokens"]) ?? "?"} out[/]");
                return;
            case "shutdown":
                Line("[yellow]pod is shutting down[/]");
                return;
            case "pods_listed" or "workers_listed":
                Line(Listed(data, name == "pods_listed" ? "pods" : "workers"));
                return;
            case "pod_restored" or "worker_restored":
                Line(Restored(data, name == "pod_restored" ? "pod" : "worker"));
                return;
            case "internal_worker":
                if (Internal(data, []) is { } inner)
                    Line(inner);
                return;
            case "internal_worker_removed":
                Line($"[grey]{Esc(Member(data)?["kind"])?.Replace('_', '-') ?? "sub-worker"} {Esc(Member(data)?["name"]) ?? "?"} removed[/]");
                return;
            case "command":
                Line(Command(data["event"] as JObject ?? []));
                return;
            case "memory_worker":
                Line($"[grey]memory {Esc(data["worker"]) ?? "?"} {Esc(data["status"]) ?? "?"}{(Esc(data["message"]) is { } message ? ": " + message : "")}[/]");
                return;
            default:
                var payload = o["data"] is { } d ? " " + Shorten(d.ToString(Formatting.None)) : "";
                Line($"[grey]{Markup.Escape(TerminalText.Line(name))}{Markup.Escape(payload)}[/]");
                return;
        }
    }

    /// <summary><c>pods_listed</c>/<c>workers_listed</c>: how many, then each name with what the runtime knows of it
    /// (live status, or why it is not reachable).</summary>
    private static string Listed(JObject data, string noun)
    {
        var items = (data[noun] as JArray ?? []).OfType<JObject>().ToList();
        var shown = items.Take(MaxListed).Select(item =>
        {
            var itemName = Esc(item["worker_name"] ?? item["pod_name"]) ?? "?";
            var live = item["live"] as JObject;
            var state = live is null ? null
                : (bool?)live["reachable"] == false ? "unreachable"
                : Esc(live["status"]) ?? "reachable";
            return state is null ? $"[bold]{itemName}[/]" : $"[bold]{itemName}[/] ({state})";
        });
        var more = items.Count > MaxListed ? $", +{Count(items.Count - MaxListed)} more" : "";
        return $"[blue]{noun} listed[/] ({Count(items.Count)}){(items.Count == 0 ? "" : ": ")}{string.Join(", ", shown)}{more}";
    }

    /// <summary><c>pod_restored</c>/<c>worker_restored</c>: the action taken, for whom, and the status it is in.</summary>
    private static string Restored(JObject data, string noun)
    {
        var result = data["result"] as JObject ?? [];
        var who = Esc(result["worker_name"] ?? result["pod_name"]);
        var status = Esc(result["status"]);
        return $"[blue]{noun} restored[/]{(who is null ? "" : " " + who)}: {Esc(result["action"])?.Replace('_', ' ') ?? "?"}{(status is null ? "" : $" ({status})")}";
    }

    /// <summary>An event of a sub-worker, nested as deep as the runtime nests them: <c>research › lint: status → running</c>.
    /// Null for the streaming deltas of sub-workers (their <c>text_done</c> carries the whole text).</summary>
    private static string? Internal(JObject data, List<string> path)
    {
        path.Add(Esc(Member(data)?["name"]) ?? "?");
        var inner = data["event"] as JObject ?? [];
        var innerName = (string?)inner["event"] ?? "?";
        var innerData = inner["data"] as JObject ?? [];
        if (innerName == "internal_worker" && path.Count < MaxNesting)
            return Internal(innerData, path);
        var what = innerName switch
        {
            "text_delta" or "thinking_delta" or "tool_call_args_delta" => null,
            "text_done" => Markup.Escape(Shorten((string?)innerData["text"] ?? "")),
            "thinking_start" => "… thinking",
            "thinking_done" => "thought",
            "status" => $"status → [bold]{Esc(innerData["status"])}[/]",
            "tool_call_start" => $"⚙ {Esc(innerData["name"])}",
            "tool_call_done" => $"⚙ {Esc(innerData["name"])} {Markup.Escape(Shorten((string?)innerData["arguments"] ?? ""))}",
            "tool_result" => $"↳ {Esc(innerData["id"])}: {Markup.Escape(Shorten((string?)innerData["summary"] ?? ""))}",
            "run_end" => $"run ended: {Esc(innerData["result"])}",
            "error" => $"[red]error {Esc(innerData["code"])}:[/] {Esc(innerData["message"])}",
            _ => Markup.Escape(TerminalText.Line(innerName)) + (inner["data"] is { } d ? " " + Markup.Escape(Shorten(d.ToString(Formatting.None))) : ""),
        };
        return what is null ? null : $"[magenta]{string.Join(" › ", path)}:[/] {what}";
    }

    /// <summary>A <c>command</c> event (a shell command a tool started): started, a chunk of its output, its end.</summary>
    private static string Command(JObject e)
    {
        var id = Esc(e["command_id"]) ?? "?";
        switch ((string?)e["kind"])
        {
            case "started":
                return $"[cyan]$ {id} started[/]{(Esc(e["tool_call_id"]) is { } call ? $" [grey](tool call {call})[/]" : "")}";
            case "output":
                var stream = (string?)e["stream"] == "stderr" ? "[yellow]stderr[/]" : "stdout";
                return $"[cyan]$ {id}[/] {stream}: {Markup.Escape(Shorten(((string?)e["content"] ?? "").TrimEnd('\n')))}";
            case "terminal":
                var status = (string?)e["status"];
                var colour = status == "completed" ? "green" : status == "running" ? "cyan" : "red";
                var exit = Esc(e["exit_code"]) is { } code ? $", exit {code}" : "";
                return $"[{colour}]$ {id} {Esc(e["status"])?.Replace('_', ' ') ?? "ended"}{exit}[/]";
            default:
                return $"[grey]$ {id} {Esc(e["kind"]) ?? "?"}[/]";
        }
    }

    private static JObject? Member(JObject data) => data["worker"] as JObject;

    /// <summary>A message of the CLI itself (attached, detached, …), on its own line.</summary>
    public void Note(string markup) => Line(markup);

    public void EndInline()
    {
        if (!_inline) return;
        console.WriteLine();
        _inline = false;
    }

    private void Line(string markup)
    {
        EndInline();
        console.MarkupLine(markup);
    }

    private static JObject ParseObject(string line)
    {
        using var reader = new JsonTextReader(new StringReader(line)) { DateParseHandling = DateParseHandling.None, MaxDepth = 64 };
        return JToken.ReadFrom(reader) as JObject ?? throw new JsonReaderException("not a JSON object");
    }

    private static string? Esc(JToken? token) => token is null || token.Type == JTokenType.Null
        ? null
        : Markup.Escape(TerminalText.Line(token.Type == JTokenType.String ? (string)token! : token.ToString(Formatting.None)));

    private static string Shorten(string text) => PodNames.Escape(text, MaxShown);

    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
