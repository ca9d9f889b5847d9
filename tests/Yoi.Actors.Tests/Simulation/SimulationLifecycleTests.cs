using Yoi.Actors.Tests.Support;
using Yoi.Simulation;
using Yoi.Testing;
using static Yoi.Actors.Tests.Simulation.RawClient;

namespace Yoi.Actors.Tests.Simulation;

[Collection(FdSensitiveCollection.Name)]
public sealed class SimulationLifecycleTests : IDisposable
{
    /// <summary>Runtime-owned descriptors that may appear lazily (epoll, signal pipes…).</summary>
    private const int FdSlack = 4;

    private readonly TempRuntimeDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Disposal_with_clients_still_connected_leaves_no_sockets_and_no_descriptors()
    {
        // Warm up the runtime's socket engine, thread pool and process machinery first.
        await RunFleetOnceAsync(Path.Combine(_dir.Path, "w"));
        var before = OpenFds();

        await RunFleetOnceAsync(Path.Combine(_dir.Path, "r"));

        var after = OpenFds();
        Assert.True(after <= before + FdSlack, $"{after - before} descriptors leaked ({before} before, {after} after)");
        Assert.Empty(Directory.EnumerateFiles(_dir.Path, "sock", SearchOption.AllDirectories));
    }

    private static async Task RunFleetOnceAsync(string runtimeDir)
    {
        var options = new SimulationOptions { HugeLineBytes = 64 * 1024, SlowDelay = TimeSpan.FromSeconds(30), EventDelay = TimeSpan.FromMilliseconds(50) };
        var fleet = await SimulatedFleet.StartAsync(runtimeDir, SimulatedFleet.FaultFleet(normalCount: 2), options);
        var clients = new List<RawClient>();
        try
        {
            foreach (var pod in fleet.Pods.Where(p => p.Mode is not (PodMode.Refused or PodMode.Missing or PodMode.Stale)))
            {
                var client = await ConnectAsync(pod.SocketPath);
                clients.Add(client);
                if (pod.Mode != PodMode.CloseAtOnce)
                {
                    await pod.WaitForAsync(p => p.Open == 1, Ceiling);
                }
            }

            // A run in flight during disposal too.
            var normal = clients[fleet.Pods.Where(p => p.Mode is not (PodMode.Refused or PodMode.Missing or PodMode.Stale)).ToList().FindIndex(p => p.Name == "normal-1")];
            normal.Send("{\"method\":\"run\",\"params\":{\"input\":[]}}");
            await fleet["normal-1"].WaitForAsync(p => p.MethodsReceived == 1, Ceiling);
        }
        finally
        {
            await fleet.DisposeAsync();
        }

        Assert.All(fleet.Pods, p => Assert.Equal(0, p.Open));
        Assert.All(fleet.Pods, p => Assert.Empty(p.Faults));
        Assert.All(fleet.Pods, p => Assert.True(p.Stopped.IsCompletedSuccessfully));
        Assert.Empty(Directory.EnumerateFiles(runtimeDir, "sock", SearchOption.AllDirectories));

        // Every still-connected client sees the close.
        foreach (var client in clients)
        {
            await client.ReadToEndAsync();
            client.Dispose();
        }
    }

    private static int OpenFds() => Directory.GetFiles("/proc/self/fd").Length;
}
