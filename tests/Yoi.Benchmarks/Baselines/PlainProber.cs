using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Yoi.Benchmarks.Pods;

namespace Yoi.Benchmarks.Baselines;

public enum PlainOutcome
{
    Ok,
    NoStatus,
    Closed,
    Refused,
    Missing,
    Stale,
    ProtocolError,
    Error,
}

/// <summary>
/// The baseline prober: what a careful .NET programmer writes without actors — Socket + UnixDomainSocketEndPoint,
/// async, one <see cref="CancellationTokenSource"/> deadline, <c>using</c> for every resource. It waits for the first
/// <c>snapshot</c> or <c>status</c> line (System.Text.Json's reader on the raw bytes), exactly the product's probe.
/// </summary>
public static class PlainProber
{
    public static async Task<(PlainOutcome Outcome, long Ticks)> ProbeAsync(Pod pod, TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        if (!IsAlive(pod.Pid))
            return (PlainOutcome.Stale, Stopwatch.GetTimestamp() - start);
        var outcome = await ProbeSocketAsync(pod.Socket, timeout).ConfigureAwait(false);
        return (outcome, Stopwatch.GetTimestamp() - start);
    }

    public static async Task<PlainOutcome> ProbeSocketAsync(string path, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cts.Token).ConfigureAwait(false);
            int filled = 0, lineStart = 0, scanned = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // Keep the partial line; grow only when one line fills the whole buffer.
                    if (lineStart > 0)
                    {
                        buffer.AsSpan(lineStart, filled - lineStart).CopyTo(buffer);
                        (filled, scanned, lineStart) = (filled - lineStart, scanned - lineStart, 0);
                    }
                    else
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, filled).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                }

                var n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cts.Token).ConfigureAwait(false);
                if (n == 0)
                    return PlainOutcome.Closed;
                filled += n;
                while (true)
                {
                    var nl = buffer.AsSpan(scanned, filled - scanned).IndexOf((byte)'\n');
                    if (nl < 0)
                    {
                        scanned = filled;
                        break;
                    }

                    var line = buffer.AsSpan(lineStart, scanned + nl - lineStart);
                    scanned += nl + 1;
                    lineStart = scanned;
                    switch (Classify(line))
                    {
                        case LineKind.Status:
                            return PlainOutcome.Ok;
                        case LineKind.Garbage:
                            return PlainOutcome.ProtocolError;
                    }
                }

                if (lineStart == filled)
                    filled = lineStart = scanned = 0;
            }
        }
        catch (OperationCanceledException)
        {
            return PlainOutcome.NoStatus;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => PlainOutcome.Refused,
                SocketError.AddressNotAvailable => PlainOutcome.Missing,
                SocketError.ConnectionReset => PlainOutcome.Closed,
                _ when e.NativeErrorCode == 2 || !File.Exists(path) => PlainOutcome.Missing,
                _ => PlainOutcome.Error,
            };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private enum LineKind
    {
        Other,
        Status,
        Garbage,
    }

    /// <summary>Is the line a snapshot or status event? Reads only the top-level <c>event</c> tag.</summary>
    private static LineKind Classify(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
            line = line[..^1];
        if (line.Trim(" \t"u8).IsEmpty)
            return LineKind.Other;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return LineKind.Garbage;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                    break;
                if (reader.TokenType != JsonTokenType.PropertyName)
                    return LineKind.Garbage;
                var isEvent = reader.ValueTextEquals("event"u8);
                reader.Read();
                if (isEvent)
                    return reader.ValueTextEquals("snapshot"u8) || reader.ValueTextEquals("status"u8) ? LineKind.Status : LineKind.Other;
                reader.Skip();
            }

            return LineKind.Garbage;
        }
        catch (JsonException)
        {
            return LineKind.Garbage;
        }
    }

    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
            return false;
        if (Posix.Kill(pid, 0) == 0)
            return true;
        return System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == 1; // EPERM: alive, not ours
    }
}
