using System.Text;
using Yoi.Actors.Framing;

namespace Yoi.Actors.Tests.Framing;

public class LineFramerTests
{
    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static RecordingSink FrameWhole(byte[] stream, int max = LineFramer.DefaultMaxLineBytes)
    {
        var framer = new LineFramer(max);
        var sink = new RecordingSink();
        Assert.Null(framer.Push(stream, sink));
        framer.Complete(sink);
        return sink;
    }

    private static RecordingSink FrameInChunks(byte[] stream, int chunkSize, int max = LineFramer.DefaultMaxLineBytes)
    {
        var framer = new LineFramer(max);
        var sink = new RecordingSink();
        for (var i = 0; i < stream.Length; i += chunkSize)
            Assert.Null(framer.Push(stream.AsSpan(i, Math.Min(chunkSize, stream.Length - i)), sink));
        framer.Complete(sink);
        return sink;
    }

    [Fact]
    public void Several_lines_in_one_chunk_come_out_in_order_with_their_offsets()
    {
        var sink = FrameWhole(Utf8("{\"a\":1}\n{\"b\":2}\n"));

        Assert.Equal([(0L, "{\"a\":1}"), (8L, "{\"b\":2}")], sink.Lines);
    }

    [Fact]
    public void A_line_split_across_chunks_is_joined_and_keeps_its_first_byte_offset()
    {
        var framer = new LineFramer();
        var sink = new RecordingSink();

        framer.Push(Utf8("{\"a\":1}\n{\"b\""), sink);
        Assert.Single(sink.Lines);
        framer.Push(Utf8(":2"), sink);
        framer.Push(Utf8("}\n{\"c\":3}\n"), sink);

        Assert.Equal([(0L, "{\"a\":1}"), (8L, "{\"b\":2}"), (16L, "{\"c\":3}")], sink.Lines);
        Assert.Equal(24, framer.Position);
    }

    [Fact]
    public void A_multibyte_character_split_across_chunks_decodes_once_the_line_is_complete()
    {
        var bytes = Utf8("\"日本\"\n");
        var framer = new LineFramer();
        var sink = new RecordingSink();

        // Cut inside the first character's three bytes.
        framer.Push(bytes.AsSpan(0, 2), sink);
        framer.Push(bytes.AsSpan(2), sink);

        Assert.Equal([(0L, "\"日本\"")], sink.Lines);
        Assert.Empty(sink.BadLines);
    }

    [Fact]
    public void Byte_by_byte_feeding_gives_the_same_result_as_one_chunk()
    {
        var stream = Utf8("{\"t\":\"héllo\"}\r\n\n  \n{\"emoji\":\"🎉 ok\"}\n\u3000\n{\"jp\":\"こんにちは\"}\n{\"last\":\"ü\"}");
        stream = [.. stream[..20], 0xFF, (byte)'\n', .. stream[20..]];

        var whole = FrameWhole(stream);
        var byteByByte = FrameInChunks(stream, 1);
        var threes = FrameInChunks(stream, 3);

        Assert.Equal(whole.Events, byteByByte.Events);
        Assert.Equal(whole.Events, threes.Events);
        Assert.Equal(4, whole.Lines.Count);
        Assert.Single(whole.BadLines);
        Assert.Equal("{\"last\":\"ü\"}", whole.Lines[^1].Line);
    }

    [Fact]
    public void Crlf_endings_lose_their_carriage_return_and_only_the_last_one()
    {
        var sink = FrameWhole(Utf8("{\"a\":1}\r\n\"x\ry\"\r\n"));

        Assert.Equal([(0L, "{\"a\":1}"), (9L, "\"x\ry\"")], sink.Lines);
    }

    [Fact]
    public void A_crlf_split_between_chunks_is_still_stripped()
    {
        var sink = FrameInChunks(Utf8("{\"a\":1}\r\n{\"b\":2}\r\n"), 8);

        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], sink.Lines.Select(l => l.Line));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("   \n")]
    [InlineData("\t \r\n")]
    [InlineData("\r\n")]
    [InlineData("\u3000\n")]              // ideographic space
    [InlineData("\u00A0 \u2003\u2029\n")] // no-break space, em space, paragraph separator
    [InlineData("\u0085\n")]              // next line (NEL)
    public void Lines_that_are_blank_after_unicode_trimming_are_skipped(string blank)
    {
        var sink = FrameWhole(Utf8(blank + "{\"a\":1}\n" + blank));

        Assert.Equal([(Utf8(blank).Length, "{\"a\":1}")], sink.Lines.Select(l => (l.Offset, l.Line)));
        Assert.Empty(sink.BadLines);
    }

    [Fact]
    public void Non_blank_lines_are_delivered_untrimmed()
    {
        var sink = FrameWhole(Utf8("  {\"a\":1}\t\n"));

        Assert.Equal("  {\"a\":1}\t", Assert.Single(sink.Lines).Line);
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_its_offset_and_the_following_lines_still_arrive()
    {
        byte[] stream = [.. Utf8("{\"a\":1}\n"), .. Utf8("{\"b\":\""), 0xC3, 0x28, .. Utf8("\"}\n"), .. Utf8("{\"c\":3}\n")];

        var sink = FrameWhole(stream);

        var (offset, reason) = Assert.Single(sink.BadLines);
        Assert.Equal(8, offset);
        Assert.Contains("invalid UTF-8", reason, StringComparison.Ordinal);
        Assert.Contains("byte 6", reason, StringComparison.Ordinal);
        Assert.Equal([(0L, "{\"a\":1}"), (19L, "{\"c\":3}")], sink.Lines);
    }

    [Fact]
    public void Invalid_utf8_in_a_line_spanning_chunks_is_reported_too()
    {
        byte[] stream = [.. Utf8("{\"b\":\""), 0xFF, .. Utf8("\"}\n{\"c\":3}\n")];

        var sink = FrameInChunks(stream, 4);

        Assert.Equal(0, Assert.Single(sink.BadLines).Offset);
        Assert.Equal([(10L, "{\"c\":3}")], sink.Lines);
    }

    [Fact]
    public void An_overlong_encoding_and_a_lone_surrogate_encoding_are_bad_lines()
    {
        byte[] stream = [0xC0, 0xAF, (byte)'\n', 0xED, 0xA0, 0x80, (byte)'\n', .. Utf8("1\n")];

        var sink = FrameWhole(stream);

        Assert.Equal([0L, 3L], sink.BadLines.Select(b => b.Offset));
        Assert.Equal([(7L, "1")], sink.Lines);
    }

    [Fact]
    public void A_line_of_exactly_max_bytes_is_accepted_whole_or_in_pieces()
    {
        const int max = 64;
        var line = new string('x', max);

        Assert.Equal(line, Assert.Single(FrameWhole(Utf8(line + "\n"), max).Lines).Line);
        Assert.Equal(line, Assert.Single(FrameInChunks(Utf8(line + "\n"), 7, max).Lines).Line);

        // Exactly max bytes buffered with the terminator still to come is fine too.
        var framer = new LineFramer(max);
        var sink = new RecordingSink();
        Assert.Null(framer.Push(Utf8(line), sink));
        Assert.Null(framer.Push("\n"u8, sink));
        Assert.Equal(line, Assert.Single(sink.Lines).Line);
    }

    [Fact]
    public void The_maximum_does_not_count_the_newline_but_does_count_a_carriage_return()
    {
        const int max = 8;
        var framer = new LineFramer(max);
        var sink = new RecordingSink();

        var failure = framer.Push(Utf8("12345678\r\n"), sink);

        Assert.Equal(new LineTooLong(0, max), failure);
        Assert.Empty(sink.Lines);
    }

    [Fact]
    public void A_complete_line_of_max_plus_one_bytes_fails_at_its_offset()
    {
        const int max = 16;
        var framer = new LineFramer(max);
        var sink = new RecordingSink();

        var failure = framer.Push(Utf8("ok\n" + new string('y', max + 1) + "\nnever\n"), sink);

        Assert.Equal(new LineTooLong(3, max), failure);
        Assert.Equal([(0L, "ok")], sink.Lines);
    }

    [Fact]
    public void An_incomplete_line_fails_as_soon_as_it_reaches_max_plus_one_bytes()
    {
        const int max = 16;
        var framer = new LineFramer(max);
        var sink = new RecordingSink();

        Assert.Null(framer.Push(Utf8("a\n" + new string('z', 10)), sink));
        Assert.Null(framer.Push(Utf8(new string('z', 6)), sink));
        var failure = framer.Push("z"u8, sink);

        Assert.Equal(new LineTooLong(2, max), failure);
    }

    [Fact]
    public void An_endless_line_fed_in_big_chunks_fails_without_buffering_it()
    {
        const int max = 1024;
        var framer = new LineFramer(max);
        var sink = new RecordingSink();
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'q');

        var failure = framer.Push(chunk, sink);

        Assert.Equal(new LineTooLong(0, max), failure);
        // Nothing was kept: Complete has no remainder to deliver.
        framer.Complete(sink);
        Assert.Empty(sink.Events);
    }

    [Fact]
    public void Failure_is_sticky_and_nothing_more_is_delivered()
    {
        const int max = 4;
        var framer = new LineFramer(max);
        var sink = new RecordingSink();

        var first = framer.Push("12345"u8, sink);
        var again = framer.Push("\n{}\n"u8, sink);
        framer.Complete(sink);

        Assert.NotNull(first);
        Assert.Same(first, again);
        Assert.Empty(sink.Events);
        Assert.Equal("line at byte 0 exceeds the maximum of 4 bytes", first.ToString());
    }

    [Fact]
    public void Complete_delivers_a_last_line_without_newline()
    {
        var framer = new LineFramer();
        var sink = new RecordingSink();

        framer.Push(Utf8("{\"a\":1}\n{\"b\":"), sink);
        framer.Push(Utf8("2}\r"), sink);
        framer.Complete(sink);

        Assert.Equal([(0L, "{\"a\":1}"), (8L, "{\"b\":2}")], sink.Lines);
    }

    [Fact]
    public void Complete_without_a_remainder_delivers_nothing_more()
    {
        var framer = new LineFramer();
        var sink = new RecordingSink();

        framer.Push(Utf8("{\"a\":1}\n"), sink);
        framer.Complete(sink);
        framer.Complete(sink);

        Assert.Single(sink.Events);
    }

    [Fact]
    public void Complete_skips_a_blank_remainder_and_reports_an_invalid_one()
    {
        var blank = new RecordingSink();
        var framer = new LineFramer();
        framer.Push(Utf8("1\n \u3000 "), blank);
        framer.Complete(blank);
        Assert.Equal(["line@0:1"], blank.Events);

        var bad = new RecordingSink();
        framer = new LineFramer();
        framer.Push([(byte)'1', (byte)'\n', 0xE3, 0x81], bad);
        framer.Complete(bad);
        Assert.Equal(["line@0:1", "bad@2"], bad.Events);
    }

    [Fact]
    public void Empty_chunks_are_harmless()
    {
        var framer = new LineFramer();
        var sink = new RecordingSink();

        Assert.Null(framer.Push([], sink));
        framer.Push("1"u8, sink);
        Assert.Null(framer.Push(ReadOnlySpan<byte>.Empty, sink));
        framer.Push("\n"u8, sink);

        Assert.Equal(["line@0:1"], sink.Events);
    }

    [Fact]
    public void A_long_line_spanning_many_chunks_is_reassembled_exactly()
    {
        var payload = string.Concat(Enumerable.Range(0, 20_000).Select(i => (char)('a' + i % 26)));
        var stream = Utf8("{\"p\":\"" + payload + "\"}\n{}\n");

        var sink = FrameInChunks(stream, 1000);

        Assert.Equal(["{\"p\":\"" + payload + "\"}", "{}"], sink.Lines.Select(l => l.Line));
        Assert.Equal(stream.Length - 3, sink.Lines[1].Offset);
    }

    [Fact]
    public void A_non_positive_maximum_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineFramer(0));
    }
}
