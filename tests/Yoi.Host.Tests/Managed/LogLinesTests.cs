using System.Text;
using Yoi.Host.Control.Requests;
using Yoi.Testing;

namespace Yoi.Host.Tests.Managed;

/// <summary>Log bytes into lines and the tail's start (pure, on real files).</summary>
public sealed class LogLinesTests
{
    [Fact]
    public void Lines_come_whole_across_chunks_and_the_rest_waits()
    {
        var lines = new LogLines();
        var got = new List<string>();
        lines.Push("one\ntw"u8, got);
        Assert.Equal(["one"], got);
        Assert.Equal(2, lines.PartialLength);
        lines.Push("o\n\nthree"u8, got);
        Assert.Equal(["one", "two", ""], got);
        Assert.Equal("three", lines.TakePartial());
        Assert.Null(lines.TakePartial());
    }

    [Fact]
    public void A_line_longer_than_the_cap_comes_in_pieces_and_bad_utf8_is_replaced()
    {
        var lines = new LogLines();
        var got = new List<string>();
        var longLine = new byte[LogLines.MaxLineBytes * 2 + 5];
        Array.Fill(longLine, (byte)'x');
        lines.Push(longLine, got);
        lines.Push("\n"u8, got);
        Assert.Equal([LogLines.MaxLineBytes, LogLines.MaxLineBytes, 5], got.Select(l => l.Length));

        got.Clear();
        lines.Push([0xff, (byte)'a', (byte)'\n'], got);
        Assert.Equal("\uFFFDa", Assert.Single(got));
    }

    [Theory]
    [InlineData("a\nb\nc\n", 2, "b\nc\n")]
    [InlineData("a\nb\nc", 2, "b\nc")]
    [InlineData("a\nb\nc\n", 10, "a\nb\nc\n")]
    [InlineData("a\nb\nc\n", 0, "")]
    [InlineData("", 3, "")]
    [InlineData("\n\n\n", 2, "\n\n")]
    public void The_tail_starts_at_the_last_n_lines(string content, int n, string tail)
    {
        using var dir = new TempRuntimeDir();
        var path = dir.File("x.log");
        File.WriteAllText(path, content);
        using var handle = File.OpenHandle(path);
        var start = LogLines.StartOfLastLines(handle, content.Length, n, LogStreamActor.MaxTailBytes);
        Assert.Equal(tail, content[(int)start..]);
    }

    [Fact]
    public void The_tail_looks_back_no_further_than_its_bound_and_starts_at_a_whole_line()
    {
        using var dir = new TempRuntimeDir();
        var path = dir.File("x.log");
        var text = new StringBuilder();
        for (var i = 0; i < 1000; i++) text.Append("line ").Append(i.ToString("000", System.Globalization.CultureInfo.InvariantCulture)).Append('\n'); // 9 bytes each
        File.WriteAllText(path, text.ToString());
        using var handle = File.OpenHandle(path);
        var start = LogLines.StartOfLastLines(handle, text.Length, 500, maxScanBytes: 100);
        Assert.Equal(text.Length - 99, start);
        Assert.StartsWith("line 989", text.ToString()[(int)start..], StringComparison.Ordinal);
    }
}
