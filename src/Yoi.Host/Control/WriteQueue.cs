using System.Buffers;

namespace Yoi.Host.Control;

/// <summary>The bytes waiting to be written to one socket, in order, coalesced into large writes (one system call for
/// many lines). The chunk buffer is pooled and held only while there is something to write, so an idle connection
/// holds none.</summary>
internal sealed class WriteQueue : IDisposable
{
    /// <summary>The most one write hands the socket.</summary>
    public const int ChunkBytes = 256 * 1024;

    private readonly Queue<ReadOnlyMemory<byte>> _segments = new();
    private ReadOnlyMemory<byte> _head;
    private byte[]? _chunk;
    private int _chunkStart;
    private int _chunkEnd;

    /// <summary>Everything queued and not yet written.</summary>
    public long Bytes { get; private set; }

    public bool IsEmpty => Bytes == 0;

    public void Enqueue(ReadOnlyMemory<byte> data)
    {
        if (data.IsEmpty)
            return;
        _segments.Enqueue(data);
        Bytes += data.Length;
    }

    /// <summary>What to write next: the unwritten rest of the current chunk, else a new chunk filled from the queue.
    /// Empty when nothing is queued.</summary>
    public ReadOnlyMemory<byte> Next()
    {
        if (_chunkStart == _chunkEnd)
            Fill();
        return _chunk is null ? ReadOnlyMemory<byte>.Empty : _chunk.AsMemory(_chunkStart, _chunkEnd - _chunkStart);
    }

    /// <summary><paramref name="written"/> bytes of <see cref="Next"/> went out.</summary>
    public void Advance(int written)
    {
        if (written < 0 || written > _chunkEnd - _chunkStart)
            throw new ArgumentOutOfRangeException(nameof(written));
        _chunkStart += written;
        Bytes -= written;
        if (_chunkStart == _chunkEnd && Bytes == 0)
            ReturnChunk();
    }

    public void Dispose()
    {
        _segments.Clear();
        _head = default;
        Bytes = 0;
        ReturnChunk();
    }

    private void Fill()
    {
        _chunkStart = _chunkEnd = 0;
        if (Bytes == 0)
            return;
        _chunk ??= ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var space = Math.Min(_chunk.Length, ChunkBytes);
        while (_chunkEnd < space)
        {
            if (_head.IsEmpty)
            {
                if (!_segments.TryDequeue(out _head))
                    break;
            }

            var n = Math.Min(_head.Length, space - _chunkEnd);
            _head.Span[..n].CopyTo(_chunk.AsSpan(_chunkEnd));
            _chunkEnd += n;
            _head = _head[n..];
        }
    }

    private void ReturnChunk()
    {
        if (_chunk is null)
            return;
        ArrayPool<byte>.Shared.Return(_chunk);
        _chunk = null;
        _chunkStart = _chunkEnd = 0;
    }
}
