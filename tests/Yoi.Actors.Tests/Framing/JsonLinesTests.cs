using System.Text;
using Yoi.Actors.Framing;

namespace Yoi.Actors.Tests.Framing;

public class JsonLinesTests
{
    [Fact]
    public void Encodes_utf8_followed_by_a_newline()
    {
        Assert.Equal([.. Encoding.UTF8.GetBytes("{\"t\":\"日本\"}"), (byte)'\n'], JsonLines.Encode("{\"t\":\"日本\"}"));
    }

    [Fact]
    public void Rejects_a_raw_newline()
    {
        var e = Assert.Throws<ArgumentException>(() => JsonLines.Encode("{\n\"a\":1}"));
        Assert.Contains("newline", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_unpaired_surrogate()
    {
        Assert.Throws<ArgumentException>(() => JsonLines.Encode("\"\uD800\""));
    }

    [Fact]
    public void Encoded_values_frame_back_to_the_same_lines()
    {
        string[] values = ["{\"a\":1}", "[\"é\",\"🎉\"]", "\"x\\ny\""];
        var stream = values.SelectMany(JsonLines.Encode).ToArray();
        var sink = new RecordingSink();
        var framer = new LineFramer();

        framer.Push(stream, sink);
        framer.Complete(sink);

        Assert.Equal(values, sink.Lines.Select(l => l.Line));
    }
}
