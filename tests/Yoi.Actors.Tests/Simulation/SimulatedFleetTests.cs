using System.Net.Sockets;
using Yoi.Actors.Registry;
using Yoi.Simulation;
using Yoi.Testing;
using static Yoi.Actors.Tests.Simulation.RawClient;

namespace Yoi.Actors.Tests.Simulation;

public sealed class SimulatedFleetTests : IDisposable
{
    private readonly TempRuntimeDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_fault_fleet_registers_every_pod_and_disposal_unregisters_them()
    {
        var specs = SimulatedFleet.FaultFleet(normalCount: 2);
        var fleet = await SimulatedFleet.StartAsync(_dir.Path, specs, new SimulationOptions { HugeLineBytes = 4096 });
        await using (fleet)
        {
            var registered = PodRegistry.Read(fleet.RegistryPath);

            Assert.Equal(specs.Select(s => s.Name).Order(), registered.Select(a => a.PodName).Order());
            Assert.Contains("normal-2", registered.Select(a => a.PodName));
            foreach (var allocation in registered)
            {
                var pod = fleet[allocation.PodName];
                Assert.Equal(Path.Combine(_dir.Path, pod.Name, "sock"), allocation.Socket);
                Assert.Equal(pod.Mode == PodMode.Stale ? fleet.DeadPid : Environment.ProcessId, allocation.Pid);
            }

            Assert.False(ProcessLiveness.IsAlive(fleet["stale"].Pid));
            Assert.True(ProcessLiveness.IsAlive(fleet["normal-1"].Pid));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_dir.Path, "silent")));
            }

            Assert.False(File.Exists(fleet["missing"].SocketPath));
            Assert.True(File.Exists(fleet["stale"].SocketPath));
            Assert.Equal(SocketError.ConnectionRefused, (await Assert.ThrowsAsync<SocketException>(() => ConnectAsync(fleet["refused"].SocketPath))).SocketErrorCode);
            using var client = await ConnectAsync(fleet["normal-1"].SocketPath);
            Assert.Equal("normal-1", (string)(await client.ReadUntilAsync(e => Name(e) == "snapshot"))[^1]["data"]!["greeting"]!["pod_name"]!);
        }

        Assert.Empty(PodRegistry.Read(fleet.RegistryPath));
        Assert.Equal([PodRegistry.FileName], Directory.EnumerateFileSystemEntries(_dir.Path).Select(Path.GetFileName));
        Assert.All(fleet.Pods, p => Assert.Empty(p.Faults));
    }

    [Fact]
    public async Task Other_pods_in_the_registry_are_kept()
    {
        var registry = PodRegistry.PathIn(_dir.Path);
        PodRegistry.Register(registry, PodAllocation.Of("real", 1, "/run/yoi/real/sock"));

        await using (var fleet = await SimulatedFleet.StartAsync(_dir.Path, SimulatedFleet.Uniform(3, PodMode.Normal)))
        {
            Assert.Equal(["real", "sim-1", "sim-2", "sim-3"], PodRegistry.Read(registry).Select(a => a.PodName).Order());
        }

        Assert.Equal(["real"], PodRegistry.Read(registry).Select(a => a.PodName));
    }

    [Fact]
    public async Task A_shutdown_method_unregisters_the_pod_itself()
    {
        await using var fleet = await SimulatedFleet.StartAsync(_dir.Path, SimulatedFleet.Uniform(2, PodMode.Normal));
        var pod = fleet["sim-1"];
        using var client = await ConnectAsync(pod.SocketPath);
        await NormalPodTests.ReadGreetingAsync(client);

        client.Send("{\"method\":\"shutdown\"}");
        await pod.Stopped.WaitAsync(Ceiling);

        Assert.Equal(["sim-2"], PodRegistry.Read(fleet.RegistryPath).Select(a => a.PodName));
        Assert.False(File.Exists(pod.SocketPath));
        Assert.Empty(pod.Faults);
    }

    [Fact]
    public async Task Without_registration_only_sockets_are_made()
    {
        await using var fleet = await SimulatedFleet.StartAsync(_dir.Path, SimulatedFleet.Uniform(2, PodMode.Flood), new SimulationOptions { Register = false });

        Assert.False(File.Exists(fleet.RegistryPath));
        Assert.All(fleet.Pods, p => Assert.True(File.Exists(p.SocketPath)));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    public async Task Unusable_or_duplicate_names_are_rejected_before_anything_is_created(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => SimulatedFleet.StartAsync(_dir.Path, [new PodSpec("ok", PodMode.Normal), new PodSpec(name, PodMode.Normal)]));
        await Assert.ThrowsAsync<ArgumentException>(() => SimulatedFleet.StartAsync(_dir.Path, [new PodSpec("x", PodMode.Normal), new PodSpec("x", PodMode.Silent)]));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path));
    }

    [Fact]
    public async Task A_failing_start_cleans_up_what_it_started()
    {
        var tooLong = new string('n', 110);

        await Assert.ThrowsAsync<ArgumentException>(() => SimulatedFleet.StartAsync(_dir.Path, [new PodSpec("ok", PodMode.Normal), new PodSpec(tooLong, PodMode.Normal)]));

        Assert.Empty(PodRegistry.Read(PodRegistry.PathIn(_dir.Path)));
        Assert.False(File.Exists(Path.Combine(_dir.Path, "ok", "sock")));
    }
}
