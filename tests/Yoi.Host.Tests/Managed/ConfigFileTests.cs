using Yoi.Host.Configuration;
using Yoi.Host.Hosting;
using Yoi.Testing;

namespace Yoi.Host.Tests.Managed;

/// <summary>Where the configuration file is found, and its option keys (pure, on real files).</summary>
public sealed class ConfigFileTests
{
    [Fact]
    public void The_flag_wins_then_the_variable_then_the_xdg_default_when_it_exists()
    {
        using var dir = new TempRuntimeDir();
        var flagFile = dir.File("flag.json");
        var envFile = dir.File("env.json");
        var xdg = Path.Combine(dir.Path, "xdg");
        var xdgFile = Path.Combine(xdg, "yoi-supervisor", "config.json");
        foreach (var f in new[] { flagFile, envFile, xdgFile })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(f)!);
            File.WriteAllText(f, "{}");
        }

        var env = new Dictionary<string, string> { [ConfigFile.EnvironmentVariable] = envFile, ["XDG_CONFIG_HOME"] = xdg, ["HOME"] = "/nonexistent" };
        string? Get(string key) => env.GetValueOrDefault(key);

        Assert.Equal(flagFile, ConfigFile.Locate(flagFile, Get));
        Assert.Equal(envFile, ConfigFile.Locate(null, Get));
        env.Remove(ConfigFile.EnvironmentVariable);
        Assert.Equal(xdgFile, ConfigFile.Locate(null, Get));
        File.Delete(xdgFile);
        Assert.Null(ConfigFile.Locate(null, Get));

        // Without XDG_CONFIG_HOME: ~/.config.
        env.Remove("XDG_CONFIG_HOME");
        env["HOME"] = dir.Path;
        var homeFile = Path.Combine(dir.Path, ".config", "yoi-supervisor", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(homeFile)!);
        File.WriteAllText(homeFile, "{}");
        Assert.Equal(homeFile, ConfigFile.Locate(null, Get));
    }

    [Fact]
    public void A_named_file_that_is_missing_is_an_error_naming_where_it_was_named()
    {
        using var dir = new TempRuntimeDir();
        var missing = dir.File("nope.json");
        var flag = Assert.Throws<ConfigurationException>(() => ConfigFile.Locate(missing, _ => null));
        Assert.Equal("--config", flag.Key);
        Assert.Contains(missing, flag.Problem, StringComparison.Ordinal);
        var env = Assert.Throws<ConfigurationException>(() => ConfigFile.Locate(null, k => k == ConfigFile.EnvironmentVariable ? missing : null));
        Assert.Equal("$" + ConfigFile.EnvironmentVariable, env.Key);
        Assert.Throws<ConfigurationException>(() => ConfigFile.Locate(dir.Path, _ => null));
    }

    [Fact]
    public void Option_keys_are_checked_by_name_and_type_and_given_to_the_configuration_stack()
    {
        var file = ConfigFile.Parse("/x/config.json", """
            // comments and trailing commas, as in appsettings.json
            {"period_ms": 750, "runtime_dir": "/run/r", "subscriber_backlog_bytes": 9000000000, "Logging": {"LogLevel": {"Default": "Debug"}},}
            """);
        Assert.Equal("750", file.Options["period_ms"]);
        Assert.Equal("/run/r", file.Options["runtime_dir"]);
        Assert.Equal("9000000000", file.Options["subscriber_backlog_bytes"]);
        Assert.Equal("Debug", file.Options["Logging:LogLevel:Default"]);
        Assert.Null(file.Managed);

        Assert.Equal("period_ms", Assert.Throws<ConfigurationException>(() => ConfigFile.Parse("/x", """{"period_ms": "soon"}""")).Key);
        Assert.Equal("period_ms", Assert.Throws<ConfigurationException>(() => ConfigFile.Parse("/x", """{"period_ms": 9999999999}""")).Key);
        Assert.Equal("perod_ms", Assert.Throws<ConfigurationException>(() => ConfigFile.Parse("/x", """{"perod_ms": 1}""")).Key);
        Assert.Equal("managed", Assert.Throws<ConfigurationException>(() => ConfigFile.Parse("/x", """{"managed": []}""")).Key);
        Assert.Equal("(file)", Assert.Throws<ConfigurationException>(() => ConfigFile.Parse("/x", """{"period_ms": """)).Key);
        Assert.Equal("(file)", Assert.Throws<ConfigurationException>(() => ConfigFile.Parse("/x", "[1]")).Key);
    }

    [Fact]
    public void Flags_and_the_environment_override_the_file_which_overrides_appsettings()
    {
        using var dir = new TempRuntimeDir();
        var path = dir.File("c.json");
        File.WriteAllText(path, """{"period_ms": 750, "timeout_ms": 321, "failure_threshold": 7}""");
        var flags = new Dictionary<string, string?> { [ConfigFile.FlagKey] = path, ["timeout_ms"] = "99" };
        var options = HostConfiguration.Bind(HostConfiguration.Build(flags));
        Assert.Equal((750, 99, 7), (options.PeriodMs, options.TimeoutMs, options.FailureThreshold));
        // The quick reading of the short commands agrees.
        var quick = HostConfiguration.TryBindQuickly(flags)!;
        Assert.Equal((750, 99, 7), (quick.PeriodMs, quick.TimeoutMs, quick.FailureThreshold));
    }

    [Fact]
    public void A_bad_file_is_a_usage_error_naming_the_file_and_the_key()
    {
        using var dir = new TempRuntimeDir();
        var path = dir.File("c.json");
        File.WriteAllText(path, """{"period_ms": true}""");
        var e = Assert.Throws<CliException>(() => HostConfiguration.LoadConfigFile(new Dictionary<string, string?> { [ConfigFile.FlagKey] = path }));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Equal($"invalid configuration {path}: period_ms: expected a number, got a boolean", e.Message);
        // The quick path leaves it to the full one, which reports it.
        Assert.Null(HostConfiguration.TryBindQuickly(new Dictionary<string, string?> { [ConfigFile.FlagKey] = path }));
    }
}
