using Newtonsoft.Json.Linq;
using Spectre.Console;
using Yoi.Host.Output;
using Yoi.Simulation;
using Yoi.Testing;

namespace Yoi.Host.Tests;

/// <summary>Pod names and text with escape sequences, bells and line breaks reach people escaped and JSON exact.</summary>
public sealed class TerminalEscapingTests : IAsyncLifetime
{
    private const string Red = "\u001b[31mred\u0007";
    private const string TwoLines = "two\nlines\rback";
    private const string Bidi = "bidi\u202eevil";
    private SimulatedFleetFixture _fleet = null!;

    public async Task InitializeAsync()
    {
        _fleet = await SimulatedFleetFixture.StartAsync(
        [
            new PodSpec(Red, PodMode.Normal),
            new PodSpec(TwoLines, PodMode.Refused),
            new PodSpec(Bidi, PodMode.Silent),
        ]);
    }

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task Status_table_escapes_hostile_names_and_json_keeps_them_exact()
    {
        var table = await Cli.RunAsync("status", "--timeout-ms", "1000", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(table.ExitCode == 0, table.ToString());
        AssertNoRawControls(table.Stdout);
        var lines = table.Stdout.Split('\n');
        Assert.Contains(lines, l => l.Contains(@"\u{1b}[31mred\u{7}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(@"two\nlines\rback", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(@"bidi\u{202e}evil", StringComparison.Ordinal));

        var json = await Cli.RunAsync("status", "--json", "--timeout-ms", "1000", "--runtime-dir", _fleet.RuntimeDir);
        Assert.True(json.ExitCode == 0, json.ToString());
        var names = ((JArray)JObject.Parse(json.Stdout)["pods"]!).Select(p => (string)p["name"]!).ToHashSet();
        Assert.Equal(new HashSet<string> { Red, TwoLines, Bidi }, names);
    }

    [Fact]
    public void Watch_lines_escape_event_text_but_keep_the_texts_own_line_breaks()
    {
        var written = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(written),
        });
        var formatter = new EventFormatter(console);
        formatter.Write("""{"event":"text_delta","data":{"text":"hello\u001b[2J\nworld\u0007"}}""");
        formatter.Write("""{"event":"text_done","data":{}}""");
        formatter.Write("""{"event":"error","data":{"code":"x\u001b]0;title\u0007","message":"bad\r\nthing"}}""");
        formatter.Write("""{"event":"tool_call_start","data":{"name":"\u009b31m","id":"1"}}""");
        formatter.Write("""{"event":"weird\u001b[5m","data":{"a":"\u001b"}}""");

        var output = written.ToString();
        AssertNoRawControls(output);
        Assert.Contains(@"hello\u{1b}[2J" + "\n" + @"world\u{7}", output);
        Assert.Contains(@"x\u{1b}]0;title\u{7}", output);
        Assert.Contains(@"bad\r\nthing", output);
        Assert.Contains(@"\u{9b}31m", output);
        Assert.Contains(@"weird\u{1b}[5m", output);
    }

    [Fact]
    public void Flowing_text_passes_newlines_and_tabs_only()
    {
        Assert.Equal("a\n\tb\\u{1b}c\\\\", TerminalText.Flowing("a\n\tb\u001bc\\"));
        Assert.Equal(@"\r", TerminalText.Flowing("\r"));
        Assert.Equal("", TerminalText.Flowing(""));
    }

    /// <summary>Nothing below U+0020 but the line feeds that end lines, no DEL or C1 control, no bidi override.</summary>
    private static void AssertNoRawControls(string output)
    {
        var bad = output.Where(c => c != '\n' && (char.IsControl(c) || c is '\u202e' or '\u2028')).Select(c => $"U+{(int)c:X4}").ToList();
        Assert.True(bad.Count == 0, $"raw control characters {string.Join(", ", bad)} in:\n{output}");
    }
}
