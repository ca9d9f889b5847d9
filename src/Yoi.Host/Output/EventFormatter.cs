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
            default:
                var payload = o["data"] is { } d ? " " + Shorten(d.ToString(Formatting.None)) : "";
                Line($"[grey]{Markup.Escape(TerminalText.Line(name))}{Markup.Escape(payload)}[/]");
                return;
        }
    }

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
