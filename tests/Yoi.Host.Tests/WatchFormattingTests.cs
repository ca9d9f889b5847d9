using Newtonsoft.Json.Linq;
using Spectre.Console;
using Yoi.Host.Output;

namespace Yoi.Host.Tests;

/// <summary>Issue 12: <c>watch</c> shows the events of both dialects readably, the worker-only ones
/// (<c>workers_listed</c>, <c>worker_restored</c>, <c>internal_worker</c>, <c>internal_worker_removed</c>,
/// <c>command</c>) included — checked on the golden lines of both sets.</summary>
public sealed class WatchFormattingTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "protocol");

    [Fact]
    public void Workers_listed_names_each_worker_with_its_live_status()
    {
        Assert.Equal("workers listed (1): child", Format(Golden("worker", "workers_listed", 0)));
        Assert.Equal("workers listed (1): child (idle)", Format(Golden("worker", "workers_listed", 1)));
        Assert.Equal("pods listed (1): child", Format(Golden("pod", "pods_listed", 0)));
        Assert.Equal("workers listed (2): a (unreachable), b (running)", Format(
            """{"event":"workers_listed","data":{"workers":[{"worker_name":"a","live":{"reachable":false}},{"worker_name":"b","live":{"reachable":true,"status":"running"}}]}}"""));
    }

    [Fact]
    public void Worker_restored_says_what_was_done_for_whom()
    {
        Assert.Equal("worker restored: already live", Format(Golden("worker", "worker_restored", 0)));
        Assert.Equal("worker restored child: already live (idle)", Format(Golden("worker", "worker_restored", 1)));
        Assert.Equal("pod restored: already live", Format(Golden("pod", "pod_restored", 0)));
    }

    [Fact]
    public void Internal_worker_events_are_shown_under_the_path_of_their_sub_workers()
    {
        Assert.Equal("research: result", Format(Golden("worker", "internal_worker", 0)));
        Assert.Equal("research: … thinking", Format(Golden("worker", "internal_worker", 1)));
        Assert.Equal("research › lint: status → running", Format(Golden("worker", "internal_worker", 2)));
        // A sub-worker's deltas are not shown one by one: its text_done carries the whole text.
        Assert.Equal("", Format("""{"event":"internal_worker","data":{"worker":{"name":"r"},"revision":1,"event":{"event":"text_delta","data":{"text":"x"}}}}"""));
    }

    [Fact]
    public void Internal_worker_removed_names_the_sub_worker()
    {
        Assert.Equal("sub-worker research removed", Format(Golden("worker", "internal_worker_removed", 0)));
    }

    [Fact]
    public void Command_events_show_start_output_and_end()
    {
        Assert.Equal("$ command-1 started (tool call call_1)", Format(Golden("worker", "command", 0)));
        Assert.Equal("$ command-2 started", Format(Golden("worker", "command", 1)));
        Assert.Equal("$ command-1 stdout: line 1", Format(Golden("worker", "command", 2)));
        Assert.Equal("$ command-1 stderr: warn", Format(Golden("worker", "command", 3)));
        Assert.Equal("$ command-1 completed, exit 0", Format(Golden("worker", "command", 4)));
        Assert.Equal("$ command-1 failed, exit 2", Format(Golden("worker", "command", 5)));
        Assert.Equal("$ command-1 timed out", Format(Golden("worker", "command", 6)));
        Assert.Equal("$ command-1 cancelled", Format(Golden("worker", "command", 7)));
    }

    [Fact]
    public void Every_golden_event_of_both_dialects_is_one_readable_line_and_none_of_the_renamed_ones_falls_back_to_raw_json()
    {
        string[] named = ["pods_listed", "pod_restored", "workers_listed", "worker_restored", "internal_worker", "internal_worker_removed", "command", "memory_worker"];
        foreach (var file in new[] { Path.Combine(Fixtures, "events.jsonl"), Path.Combine(Fixtures, "worker", "events.jsonl") })
        {
            foreach (var line in File.ReadLines(file).Where(l => l.Length > 0))
            {
                var name = (string)JObject.Parse(line)["event"]!;
                var shown = Format(line);
                Assert.DoesNotContain(shown, c => char.IsControl(c) && c != '\n');
                if (named.Contains(name))
                {
                    Assert.False(shown.Contains("{\"", StringComparison.Ordinal), $"{name} shown as raw JSON: {shown}");
                    Assert.False(shown.StartsWith(name, StringComparison.Ordinal), $"{name} shown by its wire name: {shown}");
                }
            }
        }
    }

    /// <summary>The <paramref name="index"/>th golden line of the event <paramref name="name"/> in a dialect's set.</summary>
    private static string Golden(string dialect, string name, int index) =>
        File.ReadLines(Path.Combine(Fixtures, dialect == "worker" ? Path.Combine("worker", "events.jsonl") : "events.jsonl"))
            .Where(l => l.Length > 0 && (string?)JObject.Parse(l)["event"] == name)
            .ElementAt(index);

    private static string Format(string line)
    {
        var written = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(written),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 500;
        new EventFormatter(console).Write(line);
        return written.ToString().TrimEnd('\n');
    }
}
