using Yoi.Host.Commands;
using Yoi.Host.Hosting;

namespace Yoi.Host.Tests;

/// <summary>The plain command-line reading of the short client commands: what it takes, and that it leaves everything
/// else to the command-line framework (which then gives the usual help and usage errors).</summary>
public sealed class QuickArgsTests
{
    [Fact]
    public void Plain_lines_are_read()
    {
        var status = QuickArgs.TryParse(["status", "--json", "--pod", "alpha", "--runtime-dir", "/tmp/x", "--timeout-ms", "500"]);
        Assert.NotNull(status);
        Assert.Equal("alpha", Assert.IsType<StatusClient>(status.Value.Command).Pod);
        Assert.Equal("/tmp/x", status.Value.Flags["runtime_dir"]);
        Assert.Equal("500", status.Value.Flags["timeout_ms"]);

        Assert.IsType<WatchClient>(QuickArgs.TryParse(["watch", "alpha", "--json"])?.Command);
        Assert.IsType<SendClient>(QuickArgs.TryParse(["send", "alpha", "run", "hello", "there", "--follow"])?.Command);
        Assert.IsType<SendClient>(QuickArgs.TryParse(["send", "alpha", "--raw", "{\"method\":\"pause\"}"])?.Command);
    }

    [Theory]
    [InlineData("status", "--help")]
    [InlineData("status", "-h")]
    [InlineData("status", "--no-such-flag")]
    [InlineData("status", "--json", "--json")]
    [InlineData("status", "--json", "true")]
    [InlineData("status", "--pod=alpha")]
    [InlineData("status", "--pod")]
    [InlineData("status", "--timeout-ms", "0")]
    [InlineData("status", "--timeout-ms", "soon")]
    [InlineData("status", "extra")]
    [InlineData("watch")]
    [InlineData("watch", "a", "b")]
    [InlineData("send", "alpha")]
    [InlineData("send", "alpha", "fly")]
    [InlineData("send", "alpha", "run")]
    [InlineData("send", "alpha", "cancel", "now")]
    [InlineData("send", "alpha", "cancel", "--raw", "{\"method\":\"pause\"}")]
    [InlineData("send", "alpha", "run", "-x")]
    [InlineData("panel")]
    [InlineData("run")]
    [InlineData("--help")]
    public void Anything_else_is_left_to_the_framework(params string[] args) => Assert.Null(QuickArgs.TryParse(args));

    [Fact]
    public void An_invalid_raw_method_is_a_usage_error_on_this_path_too()
    {
        var e = Assert.Throws<CliException>(() => QuickArgs.TryParse(["send", "alpha", "--raw", "{\"method\":\"nope\"}"]));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains("not a valid method", e.Message);
    }

    [Fact]
    public void The_quick_options_are_the_configuration_stack_s()
    {
        var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["runtime_dir"] = "/tmp/quick", ["timeout_ms"] = "750" };
        var quick = HostConfiguration.TryBindQuickly(flags);
        var stack = HostConfiguration.Bind(HostConfiguration.Build(flags));
        Assert.NotNull(quick);
        foreach (var property in typeof(SupervisorOptions).GetProperties())
            Assert.Equal(property.GetValue(stack), property.GetValue(quick));

        // What the stack would refuse is left to it (it reports the problem).
        Assert.Null(HostConfiguration.TryBindQuickly(new Dictionary<string, string?> { ["timeout_ms"] = "-1" }));
        Assert.Null(HostConfiguration.TryBindQuickly(new Dictionary<string, string?> { ["period_ms"] = "soon" }));
    }
}
