using System.Net.Sockets;
using System.Text;
using Yoi.Simulation;
using Yoi.Testing;
using static Yoi.Actors.Tests.Simulation.RawClient;

namespace Yoi.Actors.Tests.Simulation;

public sealed class FaultModeTests : IDisposable
{
    private static readonly TimeSpan ProbeWindow = TimeSpan.FromMilliseconds(300);

    private readonly TempRuntimeDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Silent_accepts_and_reads_but_never_writes()
    {
        await using var pod = SimulatedPod.Start("s", _dir.File("p.sock"), PodMode.Silent);
        using var client = await ConnectAsync(pod.SocketPath);

        client.Send("{\"method\":\"list_pods\"}");

        Assert.True(await client.QuietForAsync(ProbeWindow));
        await pod.WaitForAsync(p => p.MethodsReceived == 1 && p.Accepted == 1, Ceiling);
        Assert.Equal(0, pod.EventsWritten);
    }

    [Fact]
    public async Task Slow_greets_only_after_the_delay_and_then_works()
    {
        await using var pod = SimulatedPod.Start("s", _dir.File("p.sock"), PodMode.Slow, new SimulationOptions { SlowDelay = TimeSpan.FromMilliseconds(600) });
        using var client = await ConnectAsync(pod.SocketPath);
        client.Send("{\"method\":\"list_pods\"}");

        Assert.True(await client.QuietForAsync(TimeSpan.FromMilliseconds(200)), "a 200 ms probe must see nothing");
        Assert.Equal("alert", Name(await client.ReadEventAsync()));
        Assert.Equal("snapshot", Name(await client.ReadEventAsync()));
        Assert.Equal("pods_listed", Name(await client.ReadEventAsync()));
    }

    [Fact]
    public async Task Partial_line_writes_half_a_snapshot_and_stalls()
    {
        await using var pod = SimulatedPod.Start("s", _dir.File("p.sock"), PodMode.PartialLine);
        using var client = await ConnectAsync(pod.SocketPath);

        await client.FillPendingAsync(10);
        Assert.True(await client.QuietForAsync(ProbeWindow));

        var text = Encoding.UTF8.GetString(client.PendingCopy);
        Assert.StartsWith("{\"event\":\"snapshot\",\"data\":{", text);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public async Task Garbage_writes_one_non_json_line_then_nothing()
    {
        await using var pod = SimulatedPod.Start("s", _dir.File("p.sock"), PodMode.Garbage);
        using var client = await ConnectAsync(pod.SocketPath);

        Assert.Equal("this is not json {", await client.ReadLineAsync());
        Assert.True(await client.QuietForAsync(ProbeWindow));
    }

    [Fact]
    public async Task Unknown_variants_come_before_a_normal_snapshot()
    {
        await using var pod = SimulatedPod.Start("s", _dir.File("p.sock"), PodMode.UnknownVariants);
        using var client = await ConnectAsync(pod.SocketPath);

        Assert.Equal("{\"event\":\"future_event\",\"data\":{\"x\":1}}", await client.ReadLineAsync());
        var message = await client.ReadEventAsync();
        Assert.Equal("user_message", Name(message));
        Assert.Equal("hologram", (string)message["data"]!["segments"]![0]!["kind"]!);
        Assert.Equal("alert", Name(await client.ReadEventAsync()));
        Assert.Equal("snapshot", Name(await client.ReadEventAsync()));
        client.Send("{\"method\":\"list_pods\"}");
        Assert.Equal("pods_listed", Name(await client.ReadEventAsync()));
    }

    [Fact]
    public async Task Huge_line_comes_first_with_the_configured_size()
    {
        const int Size = 1024 * 1024;
        await using var pod = SimulatedPod.Start("s", _dir.File("p.sock"), PodMode.HugeLine, new SimulationOptions { HugeLineBytes = Size });
        using var client = await ConnectAsync(pod.SocketPath);

        var huge = await client.ReadLineAsync();

        Assert.NotNull(huge);
        Assert.Equal(Size, Encoding.UTF8.GetByteCount(huge));
        Assert.Equal("text_delta", Name(Parse(huge)));
        Assert.Equal("alert", Name(await client.ReadEventAsync()));
        Assert.Equal("snapshot", Name(await client.ReadEventAsync()));
    }

    [Fact]
    public async Task Close_at_once_closes_right_after_accept()
    {
        await using var pod = SimulatedPod.Start("s", _dir.File("p.sock"), PodMode.CloseAtOnce);
        using var client = await ConnectAsync(pod.SocketPath);

        Assert.Null(await client.ReadLineAsync());
        Assert.Equal(1, pod.Accepted);
        Assert.Equal(0, pod.Open);
    }

    [Fact]
    public async Task Refused_has_a_socket_file_but_connect_is_refused()
    {
        await using var pod = SimulatedPod.Start("s", _dir.File("p.sock"), PodMode.Refused);

        Assert.True(File.Exists(pod.SocketPath));
        var e = await Assert.ThrowsAsync<SocketException>(() => ConnectAsync(pod.SocketPath));
        Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
    }

    [Fact]
    public async Task Stale_leaves_a_socket_file_that_refuses()
    {
        await using var pod = SimulatedPod.Start("s", _dir.File("p.sock"), PodMode.Stale, pid: 999_999);

        Assert.True(File.Exists(pod.SocketPath));
        Assert.Equal(999_999, pod.Pid);
        var e = await Assert.ThrowsAsync<SocketException>(() => ConnectAsync(pod.SocketPath));
        Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
    }

    [Fact]
    public async Task Missing_has_no_socket_file_even_if_one_was_left_over()
    {
        var path = _dir.File("p.sock");
        using (var leftover = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            // Disposing a bound socket unlinks its path in .NET: keep the file by moving it aside meanwhile.
            leftover.Bind(new UnixDomainSocketEndPoint(path));
            File.Move(path, path + ".x");
        }

        File.Move(path + ".x", path);

        Assert.True(File.Exists(path));
        await using var pod = SimulatedPod.Start("s", path, PodMode.Missing);

        Assert.False(File.Exists(pod.SocketPath));
        await Assert.ThrowsAsync<SocketException>(() => ConnectAsync(pod.SocketPath));
    }

    [Fact]
    public async Task A_live_socket_is_never_replaced()
    {
        await using var live = SimulatedPod.Start("a", _dir.File("p.sock"), PodMode.Normal);

        var e = Assert.Throws<InvalidOperationException>(() => SimulatedPod.Start("b", live.SocketPath, PodMode.Normal));

        Assert.Contains("in use", e.Message);
        using var client = await ConnectAsync(live.SocketPath);
        await NormalPodTests.ReadGreetingAsync(client);
    }

    [Fact]
    public async Task Flood_streams_text_deltas_until_the_client_leaves()
    {
        var pod = SimulatedPod.Start("s", _dir.File("p.sock"), PodMode.Flood, new SimulationOptions { FloodText = "x" });
        await using (pod)
        {
            using (var client = await ConnectAsync(pod.SocketPath))
            {
                Assert.Equal("alert", Name(await client.ReadEventAsync()));
                Assert.Equal("snapshot", Name(await client.ReadEventAsync()));
                for (var i = 0; i < 20_000; i++)
                {
                    Assert.Equal($"{{\"event\":\"text_delta\",\"data\":{{\"text\":\"x{i + 1} \"}}}}", await client.ReadLineAsync());
                }
            }

            // EventsWritten counts whole ~64 KiB batches: the batch cut short by the client's close is not counted, so it
            // lags the 20,000 lines read above by up to a batch.
            await pod.WaitForAsync(p => p.PeerClosed == 1 && p.Open == 0, Ceiling);
            Assert.InRange(pod.EventsWritten, 20_000 - (2 * 64 * 1024 / 45), long.MaxValue);
        }

        Assert.Empty(pod.Faults);
    }

    [Fact]
    public void A_socket_path_over_107_bytes_is_rejected()
    {
        var path = Path.Combine(_dir.Path, new string('x', 120));

        var e = Assert.Throws<ArgumentException>(() => SimulatedPod.Start("s", path, PodMode.Normal));

        Assert.Contains("107", e.Message);
    }
}
