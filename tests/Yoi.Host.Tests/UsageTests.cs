using Yoi.Testing;

namespace Yoi.Host.Tests;

/// <summary>The command line as people meet it: help everywhere, one-line errors, distinct exit codes.</summary>
public sealed class UsageTests
{
    [Theory]
    [InlineData("run")]
    [InlineData("status")]
    [InlineData("panel")]
    [InlineData("watch")]
    [InlineData("send")]
    [InlineData("simulate")]
    [InlineData("demo")]
    public async Task Every_command_has_help(string command)
    {
        var result = await Cli.RunAsync(command, "--help");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("--runtime-dir", result.Stdout);
        Assert.Contains(command, result.Stdout);
    }

    [Fact]
    public async Task Top_level_help_lists_the_commands()
    {
        var result = await Cli.RunAsync("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "run", "status", "panel", "watch", "send", "simulate", "demo" })
            Assert.Contains(command, result.Stdout);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("status", "--no-such-flag")]
    [InlineData("send", "alpha")]
    [InlineData("send", "alpha", "fly")]
    [InlineData("send", "alpha", "run")]
    [InlineData("send", "alpha", "cancel", "now")]
    [InlineData("send", "alpha", "cancel", "--raw", "{\"method\":\"pause\"}")]
    [InlineData("watch")]
    [InlineData("run", "--period-ms", "0")]
    [InlineData("run", "--period-ms", "soon")]
    [InlineData("simulate", "--pods", "2", "--mode", "sideways")]
    [InlineData("demo", "--cycles", "0")]
    public async Task Usage_errors_exit_2_with_one_line_and_no_stack_trace(params string[] args)
    {
        using var dir = new TempRuntimeDir();
        var result = await Cli.RunAsync([.. args, "--runtime-dir", dir.Path]);
        Assert.True(result.ExitCode == 2, result.ToString());
        AssertOneLineError(result);
    }

    [Theory]
    [InlineData("{\"method\":\"nope\"}")]
    [InlineData("{\"method\":\"run\"}")]
    [InlineData("not json")]
    [InlineData("{\"method\":\"cancel\",\"params\":{}}")]
    public async Task Invalid_raw_methods_are_refused_before_anything_is_sent(string raw)
    {
        using var dir = new TempRuntimeDir();
        var result = await Cli.RunAsync("send", "alpha", "--raw", raw, "--runtime-dir", dir.Path);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("not a valid method", result.Stderr);
        AssertOneLineError(result);
    }

    [Fact]
    public async Task An_unreadable_registry_exits_3()
    {
        using var dir = new TempRuntimeDir();
        await File.WriteAllTextAsync(dir.RegistryPath, "{\"allocations\": [ this is not json");
        var result = await Cli.RunAsync("status", "--json", "--runtime-dir", dir.Path);
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Equal("", result.Stdout);
        AssertOneLineError(result);
        Assert.Contains("pods.json", result.Stderr);
    }

    [Fact]
    public async Task An_empty_runtime_dir_is_an_empty_fleet()
    {
        using var dir = new TempRuntimeDir();
        var result = await Cli.RunAsync("status", "--json", "--runtime-dir", dir.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = Newtonsoft.Json.Linq.JObject.Parse(result.Stdout);
        Assert.Empty((Newtonsoft.Json.Linq.JArray)json["pods"]!);
    }

    internal static void AssertOneLineError(CliResult result)
    {
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one stderr line\n{result}");
        Assert.StartsWith("yoi-supervisor: ", lines[0]);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
    }
}
