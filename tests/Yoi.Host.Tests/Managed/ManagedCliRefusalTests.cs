using Yoi.Simulation;
using Yoi.Testing;

namespace Yoi.Host.Tests.Managed;

/// <summary>The managed pods' commands as people meet their errors: a bad configuration refused by a real <c>run</c>,
/// the commands without a daemon, names the daemon does not manage.</summary>
public sealed class ManagedCliRefusalTests
{
    /// <summary>An environment with no configuration file by default (the test machine's own is never read).</summary>
    internal static Dictionary<string, string> Isolated(TempRuntimeDir dir) => new()
    {
        ["XDG_CONFIG_HOME"] = dir.File("no-config-home"),
        ["XDG_STATE_HOME"] = dir.File("state"),
    };

    [Theory]
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w", "restrat": "always"}}}}""", "managed.pods.alpha.restrat: unknown key")]
    [InlineData("""{"managed": {"pods": {"alpha": {}}}}""", "managed.pods.alpha.workspace: missing")]
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w"}, "alpha": {"workspace": "/v"}}}}""", "managed.pods.alpha: a managed pod of this name is defined twice")]
    [InlineData("""{"managed": {"defaults": {"max_restarts": "five"}, "pods": {"alpha": {"workspace": "/w"}}}}""", "managed.defaults.max_restarts (pod alpha): expected a number, got a string")]
    [InlineData("""{"managed": {"pods": {"w": {"workspace": "/w", "dialect": "worker", "profile": "p"}}}}""", "managed.pods.w.profile: the worker dialect takes no profile")]
    [InlineData("""{"period_ms": "soon"}""", "period_ms: expected a number, got a string")]
    public async Task Run_refuses_a_bad_configuration_with_one_line_naming_the_key_and_exit_2(string json, string expected)
    {
        using var dir = new TempRuntimeDir();
        var config = dir.File("config.json");
        await File.WriteAllTextAsync(config, json);
        await using var run = CliProcess.Start(null, Isolated(dir), "run", "--runtime-dir", dir.Path, "--config", config);
        var result = await run.WaitAsync(Cli.Ceiling);
        Assert.True(result.ExitCode == 2, result.ToString());
        UsageTests.AssertOneLineError(result);
        Assert.Contains($"invalid configuration {config}: {expected}", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.ControlSocket), "a refused run binds nothing");
    }

    [Fact]
    public async Task The_configuration_file_is_found_through_the_variable_and_the_xdg_default()
    {
        using var dir = new TempRuntimeDir();
        var env = Isolated(dir);
        var xdgFile = Path.Combine(env["XDG_CONFIG_HOME"], "yoi-supervisor", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(xdgFile)!);
        await File.WriteAllTextAsync(xdgFile, """{"managed": {"pods": {"from-xdg": {}}}}""");
        var result = await RunToEnd(env, "run", "--runtime-dir", dir.Path);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"invalid configuration {xdgFile}: managed.pods.from-xdg.workspace", result.Stderr, StringComparison.Ordinal);

        var envFile = dir.File("env.json");
        await File.WriteAllTextAsync(envFile, """{"managed": {"pods": {"from-env": {}}}}""");
        env["YOI_SUPERVISOR_CONFIG"] = envFile;
        result = await RunToEnd(env, "run", "--runtime-dir", dir.Path);
        Assert.Contains($"invalid configuration {envFile}: managed.pods.from-env.workspace", result.Stderr, StringComparison.Ordinal);

        env["YOI_SUPERVISOR_CONFIG"] = dir.File("missing.json");
        result = await RunToEnd(env, "status", "--runtime-dir", dir.Path);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("$YOI_SUPERVISOR_CONFIG: no configuration file at", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<CliResult> RunToEnd(Dictionary<string, string> env, params string[] args)
    {
        await using var process = CliProcess.Start(null, env, args);
        return await process.WaitAsync(Cli.Ceiling);
    }

    [Theory]
    [InlineData("start", "alpha")]
    [InlineData("stop", "alpha")]
    [InlineData("restart", "alpha")]
    [InlineData("logs", "alpha", "-f")]
    [InlineData("reload")]
    public async Task Without_a_daemon_the_commands_say_so_and_exit_7(params string[] args)
    {
        using var dir = new TempRuntimeDir();
        var result = await RunToEnd(Isolated(dir), [.. args, "--runtime-dir", dir.Path]);
        Assert.True(result.ExitCode == 7, result.ToString());
        UsageTests.AssertOneLineError(result);
        Assert.Contains($"no supervisor is running for {dir.Path}", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("start")]
    [InlineData("stop")]
    [InlineData("restart")]
    [InlineData("logs")]
    [InlineData("reload")]
    public async Task Every_managed_command_has_help(string command)
    {
        var result = await Cli.RunAsync(command, "--help");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("--config", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(command, result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("logs", "alpha", "-n", "-3")]
    [InlineData("logs", "alpha", "--lines", "many")]
    [InlineData("start")]
    [InlineData("stop", "a", "b")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        using var dir = new TempRuntimeDir();
        var result = await RunToEnd(Isolated(dir), [.. args, "--runtime-dir", dir.Path]);
        Assert.True(result.ExitCode == 2, result.ToString());
        UsageTests.AssertOneLineError(result);
    }

    [Fact]
    public async Task A_daemon_without_managed_pods_names_unknown_and_unmanaged_pods_and_refuses_a_reload_without_a_file()
    {
        await using var fleet = await SimulatedFleetFixture.StartAsync([new PodSpec("registered", PodMode.Normal)]);
        using var scratch = new TempRuntimeDir();
        var env = Isolated(scratch);
        await using var daemon = CliProcess.Start(null, env, "run", "--runtime-dir", fleet.RuntimeDir, "--period-ms", "300");
        await Eventually.Until(() => daemon.Stderr.Contains("supervising", StringComparison.Ordinal) || daemon.HasExited, Cli.Ceiling, "the daemon to start");
        Assert.False(daemon.HasExited, daemon.Stderr);

        var unknown = await RunToEnd(env, "start", "nobody", "--runtime-dir", fleet.RuntimeDir);
        Assert.True(unknown.ExitCode == 5, unknown.ToString());
        Assert.Contains("unknown pod nobody", unknown.Stderr, StringComparison.Ordinal);

        var unmanaged = await RunToEnd(env, "logs", "registered", "--runtime-dir", fleet.RuntimeDir);
        Assert.True(unmanaged.ExitCode == 5, unmanaged.ToString());
        Assert.Contains("pod registered is not managed by this supervisor", unmanaged.Stderr, StringComparison.Ordinal);

        var reload = await RunToEnd(env, "reload", "--runtime-dir", fleet.RuntimeDir);
        Assert.True(reload.ExitCode == 2, reload.ToString());
        UsageTests.AssertOneLineError(reload);
        Assert.Contains("not reloaded, the running configuration is kept: no configuration file", reload.Stderr, StringComparison.Ordinal);

        daemon.Signal(Native.SigTerm);
        var stopped = await daemon.WaitAsync(Cli.Ceiling);
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
    }
}
