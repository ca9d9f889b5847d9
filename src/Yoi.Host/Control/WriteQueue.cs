using System.Buffers;

namespace Yoi.Host.Control;

/// <summary>The bytes waiting to be written to one socket, in order, coalesced into large writes (one system call for
/// many lines). Segments are whole lines and a write never splits one unless it is larger than a chunk, so what is
/// still queued can be dropped (<see cref="DropQueued"/>) without leaving half a line. The chunk buffer is pooled
/// and held only while there is something to write, so an idle connection holds none.</summary>
internal sealed class WriteQueue : IDisposable
{
    /// <summary>The most one coalesced write hands the socket.</summary>
    public const int ChunkBytes = 256 * 1024;

    private readonly Queue<(ReadOnlyMemory<byte> Data, object? Owner)> _segments = new();
    private ReadOnlyMemory<byte> _current;
    private byte[]? _chunk;

    /// <summary>Everything queued and not yet written.</summary>
    public long Bytes { get; private set; }

    public bool IsEmpty => Bytes == 0;

    /// <summary>Queues whole lines; <paramref name="owner"/> tags them for <see cref="DropQueued"/>.</summary>
    public void Enqueue(ReadOnlyMemory<byte> data, object? owner = null)
    {
        if (data.IsEmpty)
            return;
        _segments.Enqueue((data, owner));
        Bytes += data.Length;
    }

    /// <summary>What to write next: the unwritten rest of the current write, else a new one from the queue. Empty when
    /// nothing is queued.</summary>
    public ReadOnlyMemory<byte> Next()
    {
        if (_current.IsEmpty)
            Fill();
        return _current;
    }

    /// <summary><paramref name="written"/> bytes of <see cref="Next"/> went out.</summary>
    public void Advance(int written)
    {
        if (written < 0 || written > _current.Length)
            throw new ArgumentOutOfRangeException(nameof(written));
        _current = _current[written..];
        Bytes -= written;
        if (Bytes == 0)
            ReturnChunk();
    }

    /// <summary>Drops the queued segments of <paramref name="owner"/> that no write has started on; returns how many bytes.</summary>
    public long DropQueued(object owner)
    {
        long dropped = 0;
        var count = _segments.Count;
        for (var i = 0; i < count; i++)
        {
            var segment = _segments.Dequeue();
            if (Equals(segment.Owner, owner))
                dropped += segment.Data.Length;
            else
                _segments.Enqueue(segment);
        }

        Bytes -= dropped;
        if (Bytes == 0)
            ReturnChunk();
        return dropped;
    }

    public void Dispose()
    {
        _segments.Clear();
        _current = default;
        Bytes = 0;
        ReturnChunk();
    }

    private void Fill()
    {
        if (!_segments.TryPeek(out var first))
            return;
        if (first.Data.Length >= ChunkBytes)
        {
            // Larger than a chunk: written as it is, without a copy.
            _current = _segments.Dequeue().Data;
            return;
        }

        _chunk ??= ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var length = 0;
        while (_segments.TryPeek(out var next) && length + next.Data.Length <= ChunkBytes)
        {
            _segments.Dequeue();
            next.Data.Span.CopyTo(_chunk.AsSpan(length));
            length += next.Data.Length;
        }

        _current = _chunk.AsMemory(0, length);
    }

    private void ReturnChunk()
    {
        _current = default;
        if (_chunk is null)
            return;
        ArrayPool<byte>.Shared.Return(_chunk);
        _chunk = null;
    }
}
