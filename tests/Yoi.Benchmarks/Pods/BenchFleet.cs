using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Yoi.Benchmarks.Pods;

/// <summary>
/// The benchmark's own pod fleet (sub-command <c>fleet</c>): minimal, fast pods that speak the wire protocol, so the
/// client side is what is measured. On connect a pod sends its buffered alerts and one snapshot (golden lines); then
/// per mode: <c>normal</c> holds the connection idle until the client closes, <c>flood</c> streams <c>text_delta</c>
/// lines as fast as the socket takes them, and the fault modes misbehave (<c>silent</c>, <c>close</c>, <c>garbage</c>,
/// <c>refused</c>, <c>missing</c>, <c>stale</c>).
/// </summary>
public static class BenchFleet
{
    public const string SnapshotLine =
        "{\"event\":\"snapshot\",\"data\":{\"entries\":[],\"greeting\":{\"pod_name\":\"test\",\"cwd\":\"/tmp\",\"provider\":\"anthropic\",\"model\":\"claude\",\"scope_summary\":\"Writable:\\n  - /tmp\",\"tools\":[\"Read\"],\"context_window\":200000,\"context_tokens\":0},\"status\":\"idle\"}}";

    public const string AlertLine =
        "{\"event\":\"alert\",\"data\":{\"level\":\"warn\",\"source\":\"compactor\",\"message\":\"compaction failed\",\"timestamp_ms\":1700000000000}}";

    public const string DefaultFloodText = "Hello";

    public static string TextDeltaLine(string text) => "{\"event\":\"text_delta\",\"data\":{\"text\":\"" + text + "\"}}";

    /// <summary>"normal:100" or "normal:14,silent:1,close:1" → (mode, count) pairs; names are <c>MODE-NNNN</c>.</summary>
    public static List<(string Name, string Mode)> ParseSpec(string spec)
    {
        var pods = new List<(string, string)>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split(':');
            var mode = kv[0];
            var n = kv.Length > 1 ? int.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
            for (var i = 0; i < n; i++)
                pods.Add(($"{mode}-{i:D4}", mode));
        }

        return pods;
    }

    public static async Task<int> RunAsync(string runtimeDir, string spec, int alerts, string floodText, CancellationToken stop)
    {
        var greeting = new StringBuilder();
        for (var i = 0; i < alerts; i++)
            greeting.Append(AlertLine).Append('\n');
        greeting.Append(SnapshotLine).Append('\n');
        var greetingBytes = Encoding.UTF8.GetBytes(greeting.ToString());
        var floodLine = Encoding.UTF8.GetBytes(TextDeltaLine(floodText) + "\n");
        var flood = new byte[64 * 1024 / floodLine.Length * floodLine.Length];
        for (var off = 0; off + floodLine.Length <= flood.Length; off += floodLine.Length)
            floodLine.CopyTo(flood, off);

        var deadPid = DeadPid();
        var pods = new List<Pod>();
        var listeners = new List<Socket>();
        foreach (var (name, mode) in ParseSpec(spec))
        {
            var dir = Path.Combine(runtimeDir, name);
            var sock = Path.Combine(dir, "sock");
            var pid = mode == "stale" ? deadPid : Environment.ProcessId;
            pods.Add(new Pod(name, pid, sock));
            if (mode is "missing" or "stale")
                continue;
            Directory.CreateDirectory(dir);
            File.Delete(sock);
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(sock));
            if (mode == "refused")
            {
                listener.Dispose(); // the socket file stays; nobody listens on it
                continue;
            }

            listener.Listen(4096);
            listeners.Add(listener);
            _ = AcceptLoop(listener, mode, greetingBytes, flood);
        }

        Registry.Write(runtimeDir, pods);
        Console.Out.WriteLine($"READY {pods.Count}");
        Console.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var l in listeners)
            l.Dispose();
        return 0;
    }

    private static async Task AcceptLoop(Socket listener, string mode, byte[] greeting, byte[] flood)
    {
        while (true)
        {
            Socket s;
            try
            {
                s = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Serve(s, mode, greeting, flood);
        }
    }

    private static async Task Serve(Socket s, string mode, byte[] greeting, byte[] flood)
    {
        try
        {
            switch (mode)
            {
                case "normal":
                    await SendAll(s, greeting).ConfigureAwait(false);
                    await HoldUntilEof(s).ConfigureAwait(false);
                    break;
                case "silent":
                    await HoldUntilEof(s).ConfigureAwait(false);
                    break;
                case "close":
                    break;
                case "garbage":
                    await SendAll(s, Encoding.UTF8.GetBytes("this is not json {\n")).ConfigureAwait(false);
                    await HoldUntilEof(s).ConfigureAwait(false);
                    break;
                case "flood":
                    await SendAll(s, greeting).ConfigureAwait(false);
                    while (true)
                        await SendAll(s, flood).ConfigureAwait(false);
                default:
                    throw new InvalidOperationException($"unknown pod mode {mode}");
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // the client went away
        }
        finally
        {
            s.Dispose();
        }
    }

    private static async Task SendAll(Socket s, byte[] data)
    {
        var sent = 0;
        while (sent < data.Length)
            sent += await s.SendAsync(data.AsMemory(sent), SocketFlags.None).ConfigureAwait(false);
    }

    [ThreadStatic]
    private static byte[]? _scratch;

    /// <summary>Waits (no buffer held) until the client closes; what it sends is discarded.</summary>
    private static async Task HoldUntilEof(Socket s)
    {
        while (true)
        {
            await s.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
            var n = s.Receive(_scratch ??= new byte[4096], SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
                continue;
            if (n == 0 || error != SocketError.Success)
                return;
        }
    }

    private static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }
}
