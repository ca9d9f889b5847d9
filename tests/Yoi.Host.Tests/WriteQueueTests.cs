using System.Text;
using Yoi.Host.Control;

namespace Yoi.Host.Tests;

/// <summary>The control connection's write queue, without sockets: order, coalescing, partial writes, drops.</summary>
public sealed class WriteQueueTests
{
    private static byte[] Line(string text) => Encoding.UTF8.GetBytes(text + "\n");

    private static string Drain(WriteQueue queue, int maxPerWrite = int.MaxValue)
    {
        var written = new StringBuilder();
        while (!queue.Next().IsEmpty)
        {
            var next = queue.Next();
            var n = Math.Min(next.Length, maxPerWrite);
            written.Append(Encoding.UTF8.GetString(next.Span[..n]));
            queue.Advance(n);
        }

        return written.ToString();
    }

    [Fact]
    public void Lines_come_out_in_order_coalesced_and_through_partial_writes()
    {
        using var queue = new WriteQueue();
        for (var i = 0; i < 100; i++)
            queue.Enqueue(Line($"line {i}"));
        Assert.Equal(Enumerable.Range(0, 100).Sum(i => $"line {i}\n".Length), queue.Bytes);
        // One write takes everything queued (it fits a chunk).
        Assert.Equal((int)queue.Bytes, queue.Next().Length);

        var text = Drain(queue, maxPerWrite: 7);

        Assert.Equal(string.Concat(Enumerable.Range(0, 100).Select(i => $"line {i}\n")), text);
        Assert.True(queue.IsEmpty);
    }

    [Fact]
    public void A_segment_larger_than_a_chunk_goes_out_whole_and_chunks_never_split_a_line()
    {
        using var queue = new WriteQueue();
        var big = new byte[WriteQueue.ChunkBytes + 10];
        Array.Fill(big, (byte)'x');
        big[^1] = (byte)'\n';
        queue.Enqueue(Line("before"));
        queue.Enqueue(big);
        queue.Enqueue(Line("after"));

        Assert.Equal("before\n", Encoding.UTF8.GetString(queue.Next().Span));
        queue.Advance(7);
        Assert.Equal(big.Length, queue.Next().Length);
        queue.Advance(big.Length);
        Assert.Equal("after\n", Encoding.UTF8.GetString(queue.Next().Span));
    }

    [Fact]
    public void Dropping_an_owners_queued_lines_keeps_the_others_and_the_write_under_way()
    {
        using var queue = new WriteQueue();
        var stream = new object();
        queue.Enqueue(Line("s1"), stream);
        queue.Enqueue(Line("reply"));
        var current = queue.Next(); // both taken into the write under way
        queue.Enqueue(Line("s2"), stream);
        queue.Enqueue(Line("s3"), stream);
        queue.Enqueue(Line("later reply"));

        Assert.Equal(6, queue.DropQueued(stream));
        queue.Advance(current.Length);

        Assert.Equal("later reply\n", Drain(queue));
    }
}
