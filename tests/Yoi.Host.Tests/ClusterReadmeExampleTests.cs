using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json.Linq;
using Yoi.Testing;

namespace Yoi.Host.Tests;

/// <summary>The README's "Three nodes on one machine, as written": its first code block (certificates, the three
/// configuration files, three simulators and three <c>run --cluster</c>) is run by bash as the README has it — only
/// the executable (this build) and the directory (a fresh one) are substituted — with its ports, 4051–4053. Then the
/// non-interactive lines of the second block (<c>status</c>, <c>send</c>, <c>stop</c>) are run the same way.</summary>
public sealed class ClusterReadmeExampleTests : IAsyncLifetime
{
    private const string ReadmeDirectory = "/tmp/yoi3";
    private static readonly TimeSpan FormCeiling = TimeSpan.FromSeconds(90);

    private readonly TempRuntimeDir _work = new();
    private readonly List<int> _pids = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var pid in _pids)
            _ = Native.kill(pid, Native.SigTerm);
        var deadline = Stopwatch.StartNew();
        while (_pids.Any(Alive) && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(100);
        foreach (var pid in _pids.Where(Alive))
            _ = Native.kill(pid, 9);
        _work.Dispose();
    }

    [Fact]
    public async Task The_readme_three_node_example_runs_as_written()
    {
        var (start, use) = Blocks(File.ReadAllText(Path.Combine(RepoRoot(), "README.md")));
        foreach (var port in new[] { 4051, 4052, 4053 })
            Assert.True(PortFree(port), $"the README's example needs port {port} on 127.0.0.1, which is in use");

        // The first block, as written, run by bash; its background jobs (three simulators, three nodes) are this test's.
        var script = new StringBuilder();
        script.AppendLine("set -u");
        script.AppendLine($"exec > {Quote(_work.File("start.log"))} 2>&1");
        script.AppendLine(Substitute(start));
        script.AppendLine($"jobs -p > {Quote(_work.File("pids"))}");
        var ran = await Bash(script.ToString());
        Assert.True(ran.ExitCode == 0, $"{ran}\n--- start.log\n{Read("start.log")}");
        _pids.AddRange(File.ReadAllLines(_work.File("pids")).Where(l => l.Length > 0).Select(int.Parse));
        Assert.True(_pids.Count == 6, $"six background jobs expected, got {_pids.Count}\n{Read("start.log")}");
        foreach (var name in new[] { "ca.crt", "ca.pfx", "a.pfx", "b.pfx", "c.pfx" })
            Assert.True(File.Exists(_work.File(Path.Combine("certs", name))), $"cluster-cert wrote no certs/{name}\n{Read("start.log")}");

        // Every node lists the nine pods, each with its node.
        var expected = new[] { "a", "b", "c" }.SelectMany(n => new[] { 1, 2, 3 }.Select(i => $"{n}/sim-{i}=ok")).ToHashSet(StringComparer.Ordinal);
        foreach (var node in new[] { "a", "b", "c" })
        {
            HashSet<string> seen = [];
            string last = "";
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                var status = await Cli.RunAsync("status", "--cluster", "--json", "--runtime-dir", _work.File("run-" + node));
                last = status.ToString();
                if (status.ExitCode == 0)
                {
                    seen = ((JArray)JObject.Parse(status.Stdout)["pods"]!).Select(p => $"{p["node"]}/{p["name"]}={p["outcome"]}").ToHashSet(StringComparer.Ordinal);
                    if (seen.SetEquals(expected))
                        break;
                }

                Assert.True(deadline.Elapsed < FormCeiling, $"node {node}'s status --cluster --json: not the nine pods within {FormCeiling}\n{last}\n--- node-{node}.log\n{Read($"node-{node}.log")}");
                await Task.Delay(250);
            }
        }

        // The second block's status, send and stop lines, as written, with the exit codes the README gives them.
        var commands = use.Where(l => l.StartsWith("$Y ", StringComparison.Ordinal) && !l.Contains('|', StringComparison.Ordinal)
            && (l.StartsWith("$Y status", StringComparison.Ordinal) || l.StartsWith("$Y send", StringComparison.Ordinal) || l.StartsWith("$Y stop", StringComparison.Ordinal))).ToList();
        Assert.Equal(3, commands.Count);
        foreach (var line in commands)
        {
            var result = await Bash($"cd {Quote(_work.Path)}\n{YLine()}\n{line}");
            var expectedExit = line.StartsWith("$Y stop", StringComparison.Ordinal) ? ExitCodes.PodUnavailable : 0;
            Assert.True(result.ExitCode == expectedExit, $"{line}\n{result}");
            if (line.StartsWith("$Y status", StringComparison.Ordinal))
                Assert.Contains("c/sim-3", result.Stdout, StringComparison.Ordinal);
            if (line.StartsWith("$Y send", StringComparison.Ordinal))
                Assert.Contains("run ended", result.Stdout, StringComparison.Ordinal);
            if (line.StartsWith("$Y stop", StringComparison.Ordinal))
                Assert.Contains("not managed", result.Stderr, StringComparison.Ordinal);
        }
    }

    /// <summary>The example's two code blocks (after the <c>cluster-example:start</c> and <c>cluster-example:use</c>
    /// markers): the first whole, the second as lines.</summary>
    private static (string Start, List<string> Use) Blocks(string readme)
    {
        static string After(string text, string marker)
        {
            var at = text.IndexOf(marker, StringComparison.Ordinal);
            Assert.True(at >= 0, $"README.md has no {marker}");
            var open = text.IndexOf("```sh\n", at, StringComparison.Ordinal) + "```sh\n".Length;
            var close = text.IndexOf("\n```", open, StringComparison.Ordinal);
            return text[open..close];
        }

        return (After(readme, "<!-- cluster-example:start -->"), After(readme, "<!-- cluster-example:use -->").Split('\n').Select(l => l.Trim()).ToList());
    }

    /// <summary>The block with this build for <c>Y</c> and a fresh directory for the README's.</summary>
    private string Substitute(string block)
    {
        var lines = block.Split('\n').ToList();
        var y = lines.FindIndex(l => l.StartsWith("Y=", StringComparison.Ordinal));
        Assert.True(y >= 0, "the example sets no Y=");
        lines[y] = YLine();
        var text = string.Join('\n', lines);
        Assert.Contains(ReadmeDirectory, text, StringComparison.Ordinal);
        return text.Replace(ReadmeDirectory, _work.Path, StringComparison.Ordinal);
    }

    private static string YLine() => $"Y=\"dotnet {Cli.Dll}\"";

    private static async Task<CliResult> Bash(string script)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["NO_COLOR"] = "1";
        foreach (var key in new[] { "YOI_RUNTIME_DIR", "YOI_HOME", "YOI_SUPERVISOR_PERIOD_MS", "YOI_SUPERVISOR_TIMEOUT_MS", "YOI_SUPERVISOR_RUNTIME_DIR", "YOI_SUPERVISOR_CONFIG" })
            info.Environment.Remove(key);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Cli.Ceiling);
        await process.WaitForExitAsync(cts.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private string Read(string name)
    {
        try
        {
            return File.ReadAllText(_work.File(name));
        }
        catch (IOException e)
        {
            return $"({e.Message})";
        }
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static bool Alive(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false; // gone (reaped by init: the shell that started it has exited)
        }
    }

    private static bool PortFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Yoi.sln")) && File.Exists(Path.Combine(dir.FullName, "README.md")))
                return dir.FullName;
        }

        throw new InvalidOperationException("no Yoi.sln above " + AppContext.BaseDirectory);
    }
}
