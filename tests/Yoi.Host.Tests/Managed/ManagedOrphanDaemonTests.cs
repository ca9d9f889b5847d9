using Newtonsoft.Json.Linq;
using Yoi.Host.Control.Client;
using Yoi.Host.Output;
using Yoi.Testing;

namespace Yoi.Host.Tests.Managed;

/// <summary>The <c>run</c> daemon is a child subreaper: a managed pod's tool that ignores SIGINT and SIGTERM, left in
/// the pod's group when the pod crashed or was stopped, is killed with the group and reaped by the daemon — never a
/// zombie of init (which on this machine reaps only seconds later) — and the pod's own exit status is the daemon's.</summary>
public sealed class ManagedOrphanDaemonTests : IAsyncLifetime
{
    private readonly TempRuntimeDir _dir = new();
    private CliProcess? _daemon;

    private Dictionary<string, string> Env => ManagedCliRefusalTests.Isolated(_dir);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_daemon is not null) await _daemon.DisposeAsync();
        _dir.Dispose();
    }

    private static string TestPodExe => TestPodBinary.Path;

    /// <summary>Writes the pod's pid (its group) to <c>FILE.leader</c>, starts in its group a sleep that ignores SIGINT
    /// and SIGTERM, and writes the sleep's pid to the file.</summary>
    private static string Grandchild(string pidFile) =>
        $"echo $$ > {pidFile}.leader; sh -c 'trap \"\" INT TERM; echo $$ > {pidFile}; exec sleep 300' & while [ ! -s {pidFile} ]; do sleep 0.02; done; ";

    private static (char State, int Ppid, int Pgrp)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1]), int.Parse(fields[2]));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static List<(int Pid, char State, int Ppid)> GroupMembers(int pgid)
    {
        var members = new List<(int, char, int)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } stat && stat.Pgrp == pgid)
                members.Add((pid, stat.State, stat.Ppid));
        }

        return members;
    }

    /// <summary>Until nothing of the group is left; meanwhile none of it a zombie of anyone but the daemon.</summary>
    private async Task AwaitGroupGoneAsync(int pgid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var daemon = _daemon!.Pid;
        while (GroupMembers(pgid) is { Count: > 0 } members)
        {
            foreach (var (pid, state, ppid) in members)
                Assert.False(state == 'Z' && ppid != daemon, $"pid {pid} of group {pgid} is a zombie of pid {ppid}, not of the daemon {daemon}");
            Assert.True(DateTime.UtcNow < deadline, $"group {pgid} still has {string.Join(", ", members)}");
            await Task.Delay(10);
        }
    }

    private async Task<ManagedReport> WaitForStateAsync(string pod, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            using (var client = ControlClient.TryConnect(_dir.ControlSocket))
            {
                if (client is not null)
                {
                    using var cts = new CancellationTokenSource(Tests.Cli.Ceiling);
                    var managed = (await client.FleetAsync(cts.Token)).Pods.FirstOrDefault(p => p.Name == pod)?.Managed;
                    if (managed?.State == state)
                        return managed;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"{pod} did not turn {state}");
            await Task.Delay(100);
        }
    }

    private static async Task<int> ReadPidAsync(string file)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!(File.Exists(file) && int.TryParse((await File.ReadAllTextAsync(file)).Trim(), out _)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no pid in {file}");
            await Task.Delay(20);
        }

        return int.Parse((await File.ReadAllTextAsync(file)).Trim());
    }

    [Fact]
    public async Task The_daemon_reaps_the_orphans_of_a_crashed_and_of_a_stopped_pod()
    {
        var crashPid = _dir.File("crash.pid");
        var stopPid = _dir.File("stop.pid");
        var config = new JObject
        {
            ["managed"] = new JObject
            {
                ["defaults"] = new JObject { ["log_dir"] = _dir.File("logs"), ["stop_grace_ms"] = 4000, ["ready_timeout_ms"] = 30000 },
                ["pods"] = new JObject
                {
                    ["crash"] = new JObject
                    {
                        ["command"] = new JArray("/bin/sh", "-c", Grandchild(crashPid) + "exit 3"),
                        ["restart"] = "never",
                    },
                    ["stay"] = new JObject
                    {
                        ["command"] = new JArray("/bin/sh", "-c", Grandchild(stopPid) + $"exec {TestPodExe} --name stay"),
                    },
                },
            },
        };
        var configPath = _dir.File("config.json");
        await File.WriteAllTextAsync(configPath, config.ToString());
        _daemon = CliProcess.Start(null, Env, "run", "--runtime-dir", _dir.Path, "--config", configPath, "--period-ms", "300", "--timeout-ms", "2000");

        // The crashed pod: exit 3 is its own status; its orphan is killed and reaped by the daemon.
        var crashed = await WaitForStateAsync("crash", "exited");
        Assert.Contains("exit 3", crashed.Reason, StringComparison.Ordinal);
        var orphan = await ReadPidAsync(crashPid);
        await AwaitGroupGoneAsync(await ReadPidAsync(crashPid + ".leader"));
        Assert.Null(Stat(orphan));

        // The stopped pod: its tool ignores SIGINT and SIGTERM and outlives the pod; killed and reaped all the same.
        var stay = await WaitForStateAsync("stay", "running");
        var tool = await ReadPidAsync(stopPid);
        Assert.Equal(stay.Pid, Stat(tool)!.Value.Pgrp);
        await using (var stop = CliProcess.Start(null, Env, "stop", "stay", "--runtime-dir", _dir.Path))
        {
            var result = await stop.WaitAsync(Tests.Cli.Ceiling);
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        await AwaitGroupGoneAsync(stay.Pid!.Value);
        Assert.Null(Stat(tool));

        _daemon.Signal(Native.SigTerm);
        var ended = await _daemon.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(ended.ExitCode == 0, ended.ToString());
    }
}
