using System.Text;

namespace Yoi.Actors.Managed.Logs;

/// <summary>
/// Reads the lines appended to a log file from a given offset on, a poll at a time (the child appends to the file
/// itself: there is no pipe to read). Survives copy-then-truncate rotation: a file shorter than the offset was
/// truncated, and reading starts over at 0. A partial last line waits for its end; a line longer than
/// <see cref="MaxLineBytes"/> is dropped (only short lines matter: the ready line). Owned by one actor; not thread-safe.
/// </summary>
public sealed class LogTail : IDisposable
{
    public const int MaxLineBytes = 8192;

    private readonly string _path;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly MemoryStream _partial = new();
    private FileStream? _stream;
    private long _offset;
    private bool _overlong;

    /// <param name="offset">Where to start: the file's length before the child was started, so an earlier process's
    /// lines are not read as this one's.</param>
    public LogTail(string path, long offset)
    {
        _path = path;
        _offset = offset;
    }

    public static long LengthOf(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>After the owner truncated the file (rotation).</summary>
    public void Rewind()
    {
        _offset = 0;
        _partial.SetLength(0);
        _overlong = false;
    }

    /// <summary>The complete lines appended since the last call (without their newlines).</summary>
    public IReadOnlyList<string> ReadLines()
    {
        List<string>? lines = null;
        if (_stream is null)
        {
            try
            {
                _stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            }
            catch (IOException)
            {
                return [];
            }
        }

        var length = _stream.Length;
        if (length < _offset)
            Rewind();
        _stream.Position = _offset;
        int read;
        while ((read = _stream.Read(_buffer, 0, _buffer.Length)) > 0)
        {
            _offset += read;
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (_buffer[i] != (byte)'\n')
                    continue;
                Append(start, i - start);
                if (!_overlong)
                    (lines ??= []).Add(Encoding.UTF8.GetString(_partial.GetBuffer(), 0, (int)_partial.Length));
                _partial.SetLength(0);
                _overlong = false;
                start = i + 1;
            }

            Append(start, read - start);
        }

        return lines ?? (IReadOnlyList<string>)[];
    }

    private void Append(int start, int count)
    {
        if (_overlong || count == 0)
            return;
        if (_partial.Length + count > MaxLineBytes)
        {
            _overlong = true;
            _partial.SetLength(0);
            return;
        }

        _partial.Write(_buffer, start, count);
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
