using System.Text.Json;
using Yoi.Actors.Managed;
using Yoi.Actors.Protocol;
using Yoi.Host.Configuration;

namespace Yoi.Host.Tests.Managed;

/// <summary>The managed section resolved into specs, and every way it can be wrong (pure: no files, no actors).</summary>
public sealed class ManagedConfigTests
{
    private static readonly Dictionary<string, string> Env = new() { ["HOME"] = "/home/me" };

    private static ManagedContext Context(IReadOnlyDictionary<string, string>? env = null) =>
        new("/run/yoi", "/etc/yoi", key => (env ?? Env).GetValueOrDefault(key));

    private static IReadOnlyList<ManagedPodSpec> Resolve(string json, IReadOnlyDictionary<string, string>? env = null)
    {
        var file = ConfigFile.Parse("/etc/yoi/config.json", json);
        return ManagedConfig.Resolve(file.Managed, Context(env));
    }

    private static ConfigurationException Refused(string json) =>
        Assert.Throws<ConfigurationException>(() => Resolve(json));

    [Fact]
    public void The_issues_example_resolves_with_defaults_and_placeholders()
    {
        var pods = Resolve("""
            {
              "managed": {
                "defaults": { "restart": "always" },
                "pods": {
                  "alpha": { "workspace": "/home/me/proj" },
                  "beta":  { "workspace": "/srv/b", "profile": "review", "restart": "on-failure" },
                  "gamma": { "command": ["/opt/bin/mypod", "--name", "{name}"], "env": { "FOO": "1" } }
                }
              }
            }
            """);
        Assert.Equal(["alpha", "beta", "gamma"], pods.Select(p => p.Name));

        var alpha = pods[0];
        Assert.Equal(["yoi", "pod", "--workspace", "/home/me/proj", "--pod", "alpha"], alpha.Command);
        Assert.Equal("/home/me/proj", alpha.Cwd);
        Assert.Equal(RestartPolicy.Always, alpha.Restart);
        Assert.Equal("/home/me/.local/state/yoi-supervisor/logs", alpha.LogDir);
        Assert.Equal("/home/me/.local/state/yoi-supervisor/logs/alpha.err.log", alpha.StderrLogPath);
        Assert.Equal(TimeSpan.FromSeconds(20), alpha.ReadyTimeout);
        Assert.Equal((5, 3, 3, 10485760L, OnExitPolicy.Stop), (alpha.MaxRestarts, alpha.LivenessFailures, alpha.LogBackups, alpha.LogMaxBytes, alpha.OnExit));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)), (alpha.BackoffInitial, alpha.BackoffMax, alpha.BackoffReset));
        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10)), (alpha.RestartWindow, alpha.StopGrace));

        var beta = pods[1];
        Assert.Equal(["yoi", "pod", "--workspace", "/srv/b", "--pod", "beta", "--profile", "review"], beta.Command);
        Assert.Equal(RestartPolicy.OnFailure, beta.Restart);

        var gamma = pods[2];
        Assert.Equal(["/opt/bin/mypod", "--name", "gamma"], gamma.Command);
        Assert.Null(gamma.Workspace);
        Assert.Null(gamma.Cwd);
        Assert.Equal("1", gamma.Env["FOO"]);
        Assert.Equal(Dialect.Pod, gamma.Dialect);
    }

    [Fact]
    public void Every_placeholder_expands_in_command_cwd_env_and_log_dir()
    {
        var pod = Resolve("""
            {"managed": {"pods": {"p1": {
              "workspace": "ws/{name}", "profile": "fast",
              "command": ["run-{name}", "{workspace}", "{profile}", "{runtime_dir}/x", "{\"json\": {name}}", "{unknown}"],
              "cwd": "{workspace}/sub", "env": {"WHO": "{name}@{runtime_dir}"}, "log_dir": "~/logs/{name}"
            }}}}
            """).Single();
        Assert.Equal(["run-p1", "/etc/yoi/ws/p1", "fast", "/run/yoi/x", "{\"json\": p1}", "{unknown}"], pod.Command);
        Assert.Equal("/etc/yoi/ws/p1/sub", pod.Cwd);
        Assert.Equal("p1@/run/yoi", pod.Env["WHO"]);
        Assert.Equal("/home/me/logs/p1", pod.LogDir);
    }

    [Fact]
    public void The_worker_dialect_has_its_own_default_command_and_refuses_a_profile()
    {
        var worker = Resolve("""{"managed": {"pods": {"w": {"workspace": "/w", "dialect": "worker"}}}}""").Single();
        Assert.Equal(Dialect.Worker, worker.Dialect);
        Assert.Equal(["yoi", "worker", "--workspace", "/w", "--worker", "w"], worker.Command);

        var e = Refused("""{"managed": {"pods": {"w": {"workspace": "/w", "dialect": "worker", "profile": "p"}}}}""");
        Assert.Equal(("managed.pods.w.profile", "w"), (e.Key, e.Pod));
        Assert.Contains("worker", e.Problem);

        // A profile from the defaults is named where it stands, with the pod it breaks.
        var fromDefaults = Refused("""{"managed": {"defaults": {"profile": "p"}, "pods": {"w": {"workspace": "/w", "dialect": "worker"}}}}""");
        Assert.Equal(("managed.defaults.profile", "w"), (fromDefaults.Key, fromDefaults.Pod));
        Assert.Equal("managed.defaults.profile (pod w): " + fromDefaults.Problem, fromDefaults.Message);
    }

    [Fact]
    public void Defaults_stand_under_each_pods_own_keys_and_env_merges_by_key()
    {
        var pods = Resolve("""
            {"managed": {
              "defaults": {"workspace": "/shared", "restart": "never", "env": {"A": "1", "B": "2"}, "stop_grace_ms": 500, "on_exit": "keep"},
              "pods": {"x": {}, "y": {"restart": "always", "env": {"B": "3"}, "workspace": null}}
            }}
            """);
        Assert.Equal((RestartPolicy.Never, "/shared", OnExitPolicy.Keep), (pods[0].Restart, pods[0].Workspace, pods[0].OnExit));
        Assert.Equal(RestartPolicy.Always, pods[1].Restart);
        Assert.Equal("/shared", pods[1].Workspace); // null counts as not given
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "3" }, pods[1].Env);
        Assert.Equal(TimeSpan.FromMilliseconds(500), pods[1].StopGrace);
    }

    [Fact]
    public void The_log_dir_defaults_to_xdg_state_home()
    {
        var pod = Resolve("""{"managed": {"pods": {"a": {"command": ["x"]}}}}""", new Dictionary<string, string> { ["HOME"] = "/h", ["XDG_STATE_HOME"] = "/state" }).Single();
        Assert.Equal("/state/yoi-supervisor/logs", pod.LogDir);
        var relative = Resolve("""{"managed": {"pods": {"a": {"command": ["x"]}}}}""", new Dictionary<string, string> { ["HOME"] = "/h", ["XDG_STATE_HOME"] = "rel" }).Single();
        Assert.Equal("/h/.local/state/yoi-supervisor/logs", relative.LogDir);
    }

    [Fact]
    public void Equal_configurations_give_equal_specs_and_a_change_is_seen()
    {
        const string json = """{"managed": {"pods": {"a": {"command": ["x", "{name}"], "env": {"K": "v"}}}}}""";
        Assert.Equal(Resolve(json).Single(), Resolve(json).Single());
        Assert.NotEqual(Resolve(json).Single(), Resolve(json.Replace("\"v\"", "\"w\"", StringComparison.Ordinal)).Single());
    }

    [Theory]
    // unknown keys
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w", "restrat": "always"}}}}""", "managed.pods.alpha.restrat", "alpha", "unknown key")]
    [InlineData("""{"managed": {"defaults": {"colour": "red"}, "pods": {}}}""", "managed.defaults.colour", null, "unknown key")]
    [InlineData("""{"managed": {"pod": {}}}""", "managed.pod", null, "unknown key")]
    // wrong types
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": 7}}}}""", "managed.pods.alpha.workspace", "alpha", "expected a string, got a number")]
    [InlineData("""{"managed": {"pods": {"alpha": {"command": "yoi pod"}}}}""", "managed.pods.alpha.command", "alpha", "expected an array")]
    [InlineData("""{"managed": {"pods": {"alpha": {"command": ["yoi", 3]}}}}""", "managed.pods.alpha.command[1]", "alpha", "expected a string")]
    [InlineData("""{"managed": {"pods": {"alpha": {"command": []}}}}""", "managed.pods.alpha.command", "alpha", "must name a program")]
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w", "env": {"A": 1}}}}}""", "managed.pods.alpha.env.A", "alpha", "expected a string")]
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w", "env": ["A=1"]}}}}""", "managed.pods.alpha.env", "alpha", "expected an object")]
    [InlineData("""{"managed": {"pods": {"alpha": "yoi"}}}""", "managed.pods.alpha", "alpha", "expected an object")]
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w", "restart": "sometimes"}}}}""", "managed.pods.alpha.restart", "alpha", "\"always\", \"on-failure\", \"never\"")]
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w", "on_exit": "linger"}}}}""", "managed.pods.alpha.on_exit", "alpha", "\"stop\", \"keep\"")]
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w", "dialect": "drone"}}}}""", "managed.pods.alpha.dialect", "alpha", "\"pod\", \"worker\"")]
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w", "liveness_failures": true}}}}""", "managed.pods.alpha.liveness_failures", "alpha", "expected a number")]
    // bad numbers
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w", "ready_timeout_ms": 0}}}}""", "managed.pods.alpha.ready_timeout_ms", "alpha", "must be positive")]
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w", "max_restarts": -1}}}}""", "managed.pods.alpha.max_restarts", "alpha", "at least 0")]
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w", "stop_grace_ms": 1.5}}}}""", "managed.pods.alpha.stop_grace_ms", "alpha", "whole number")]
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w", "backoff_initial_ms": 5000, "backoff_max_ms": 100}}}}""", "managed.pods.alpha.backoff_max_ms", "alpha", "at least backoff_initial_ms")]
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w", "log_max_bytes": 10}}}}""", "managed.pods.alpha.log_max_bytes", "alpha", "at least 4096")]
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w", "restart_window_ms": 99999999999}}}}""", "managed.pods.alpha.restart_window_ms", "alpha", "at most")]
    [InlineData("""{"managed": {"defaults": {"backoff_reset_ms": -5}, "pods": {"alpha": {"workspace": "/w"}}}}""", "managed.defaults.backoff_reset_ms", "alpha", "must be positive")]
    // names
    [InlineData("""{"managed": {"pods": {"a/b": {"workspace": "/w"}}}}""", "managed.pods.a/b", "a/b", "invalid pod name")]
    [InlineData("""{"managed": {"pods": {"..": {"workspace": "/w"}}}}""", "managed.pods...", "..", "invalid pod name")]
    [InlineData("""{"managed": {"pods": {"": {"workspace": "/w"}}}}""", "managed.pods.", "", "invalid pod name")]
    [InlineData("""{"managed": {"pods": {"alpha": {"workspace": "/w"}, "alpha": {"workspace": "/v"}}}}""", "managed.pods.alpha", "alpha", "defined twice")]
    // the default command's workspace, placeholders without a value
    [InlineData("""{"managed": {"pods": {"alpha": {}}}}""", "managed.pods.alpha.workspace", "alpha", "missing")]
    [InlineData("""{"managed": {"pods": {"alpha": {"profile": "p"}}}}""", "managed.pods.alpha.workspace", "alpha", "missing")]
    [InlineData("""{"managed": {"pods": {"alpha": {"command": ["x", "{workspace}"]}}}}""", "managed.pods.alpha.command", "alpha", "uses {workspace}")]
    [InlineData("""{"managed": {"pods": {"alpha": {"command": ["x", "--profile", "{profile}"]}}}}""", "managed.pods.alpha.command", "alpha", "uses {profile}")]
    public void A_bad_managed_section_names_the_key_and_the_pod(string json, string key, string? pod, string problem)
    {
        var e = Refused(json);
        Assert.Equal(key, e.Key);
        Assert.Equal(pod, e.Pod);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_name_too_long_for_its_log_file_is_refused()
    {
        var fits = new string('n', 255 - ".err.log".Length);
        Assert.Single(Resolve("{\"managed\": {\"pods\": {\"" + fits + "\": {\"command\": [\"x\"]}}}}"));
        var tooLong = fits + "n";
        var e = Refused("{\"managed\": {\"pods\": {\"" + tooLong + "\": {\"command\": [\"x\"]}}}}");
        Assert.Equal(tooLong, e.Pod);
        Assert.Contains(".err.log", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_a_managed_section_manages_nothing()
    {
        Assert.Empty(Resolve("""{"period_ms": 1000}"""));
        Assert.Empty(Resolve("""{"managed": {"defaults": {"restart": "never"}}}"""));
        Assert.Empty(Resolve("""{"managed": null}"""));
    }
}
