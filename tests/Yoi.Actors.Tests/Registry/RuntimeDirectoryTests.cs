using Yoi.Actors.Registry;

namespace Yoi.Actors.Tests.Registry;

public class RuntimeDirectoryTests
{
    private static readonly Dictionary<string, string> All = new()
    {
        ["YOI_RUNTIME_DIR"] = "/rt",
        ["YOI_HOME"] = "/yh",
        ["XDG_RUNTIME_DIR"] = "/xdg",
        ["HOME"] = "/home/u",
    };

    private static string Resolve(string? overrideDir, Dictionary<string, string> env) =>
        RuntimeDirectory.Resolve(overrideDir, name => env.GetValueOrDefault(name));

    private static Dictionary<string, string> Without(params string[] names) =>
        All.Where(kv => !names.Contains(kv.Key)).ToDictionary();

    [Fact]
    public void The_override_wins() => Assert.Equal("/cli", Resolve("/cli", All));

    [Fact]
    public void Then_YOI_RUNTIME_DIR() => Assert.Equal("/rt", Resolve(null, All));

    [Fact]
    public void Then_YOI_HOME_run() => Assert.Equal("/yh/run", Resolve(null, Without("YOI_RUNTIME_DIR")));

    [Fact]
    public void Then_XDG_RUNTIME_DIR_yoi() => Assert.Equal("/xdg/yoi", Resolve(null, Without("YOI_RUNTIME_DIR", "YOI_HOME")));

    [Fact]
    public void Then_HOME_dot_yoi_run() =>
        Assert.Equal("/home/u/.yoi/run", Resolve(null, Without("YOI_RUNTIME_DIR", "YOI_HOME", "XDG_RUNTIME_DIR")));

    [Fact]
    public void Empty_values_count_as_unset()
    {
        var env = new Dictionary<string, string> { ["YOI_RUNTIME_DIR"] = "", ["YOI_HOME"] = "", ["XDG_RUNTIME_DIR"] = "/xdg", ["HOME"] = "/h" };

        Assert.Equal("/xdg/yoi", Resolve("", env));
    }

    [Fact]
    public void Nothing_set_is_a_clear_error()
    {
        var e = Assert.Throws<RegistryException>(() => Resolve(null, []));

        Assert.Contains("HOME", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_public_overload_reads_the_process_environment()
    {
        Assert.Equal("/given", RuntimeDirectory.Resolve("/given"));
        Assert.False(string.IsNullOrEmpty(RuntimeDirectory.Resolve()));
    }
}
