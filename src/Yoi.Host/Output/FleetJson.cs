using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Yoi.Host.Output;

/// <summary>JSON forms of a <see cref="FleetReport"/>: the full control-protocol object, and the exact
/// <c>status --json</c> object of design §4.</summary>
public static class FleetJson
{
    /// <summary>The <c>status --json</c> object, exactly the fields of design §4, compact, no terminator.</summary>
    public static string ToStatusJson(FleetReport report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var w = new JsonTextWriter(text) { Formatting = Formatting.None })
        {
            w.WriteStartObject();
            w.WritePropertyName("at");
            w.WriteValue(FormatTime(report.At));
            w.WritePropertyName("pods");
            w.WriteStartArray();
            foreach (var pod in report.Pods)
            {
                w.WriteStartObject();
                WriteStatusPodFields(w, pod);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WritePropertyName("supervisor");
            w.WriteStartObject();
            w.WritePropertyName("open_fds");
            w.WriteValue(report.Supervisor.OpenFds);
            w.WritePropertyName("open_connections");
            w.WriteValue(report.Supervisor.OpenConnections);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return text.ToString();
    }

    /// <summary>The control protocol's fleet object: §4's fields plus what the panel needs.</summary>
    public static JObject ToControlObject(FleetReport report)
    {
        var pods = new JArray();
        foreach (var pod in report.Pods)
        {
            pods.Add(new JObject
            {
                ["name"] = pod.Name,
                ["socket"] = pod.Socket,
                ["pid"] = pod.Pid,
                ["outcome"] = pod.Outcome,
                ["reachable"] = pod.Reachable,
                ["status"] = pod.Status,
                ["latency_ms"] = pod.LatencyMs,
                ["detail"] = pod.Detail,
                ["healthy"] = pod.Healthy,
                ["consecutive_failures"] = pod.ConsecutiveFailures,
                ["last_change"] = pod.LastChange is { } lc ? FormatTime(lc) : null,
                ["probes"] = pod.Probes,
                ["overruns"] = pod.Overruns,
                ["recent_latencies_ms"] = new JArray(pod.RecentLatenciesMs.Select(l => (object)l).ToArray()),
            });
        }

        return new JObject
        {
            ["at"] = FormatTime(report.At),
            ["pods"] = pods,
            ["supervisor"] = new JObject
            {
                ["open_fds"] = report.Supervisor.OpenFds,
                ["open_connections"] = report.Supervisor.OpenConnections,
                ["cycles"] = report.Supervisor.Cycles,
                ["pid"] = report.Supervisor.Pid,
            },
            ["registry_error"] = report.RegistryError,
        };
    }

    /// <summary>Reads a control-protocol fleet object back; throws <see cref="FormatException"/> when it is not one.</summary>
    public static FleetReport FromControlObject(JObject data)
    {
        try
        {
            var supervisor = (JObject?)data["supervisor"] ?? throw new FormatException("fleet object without supervisor");
            var pods = ((JArray?)data["pods"] ?? []).OfType<JObject>().Select(p => new PodReport(
                (string?)p["name"] ?? "",
                (string?)p["socket"] ?? "",
                (int?)p["pid"] ?? 0,
                (string?)p["outcome"],
                (bool?)p["reachable"] ?? false,
                (string?)p["status"],
                (double?)p["latency_ms"],
                (string?)p["detail"],
                (bool?)p["healthy"] ?? false,
                (int?)p["consecutive_failures"] ?? 0,
                ParseTime((string?)p["last_change"]),
                (long?)p["probes"] ?? 0,
                (long?)p["overruns"] ?? 0,
                ((JArray?)p["recent_latencies_ms"] ?? []).Select(l => (double)l).ToList())).ToList();
            return new FleetReport(
                ParseTime((string?)data["at"]) ?? DateTimeOffset.UtcNow,
                pods,
                new SupervisorReport(
                    (int?)supervisor["open_fds"] ?? -1,
                    (int?)supervisor["open_connections"] ?? 0,
                    (long?)supervisor["cycles"] ?? 0,
                    (int?)supervisor["pid"] ?? 0),
                (string?)data["registry_error"]);
        }
        catch (Exception e) when (e is InvalidCastException or ArgumentException or JsonException)
        {
            throw new FormatException($"not a fleet object: {e.Message}", e);
        }
    }

    public static string FormatTime(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static void WriteStatusPodFields(JsonWriter w, PodReport pod)
    {
        w.WritePropertyName("name");
        w.WriteValue(pod.Name);
        w.WritePropertyName("socket");
        w.WriteValue(pod.Socket);
        w.WritePropertyName("pid");
        w.WriteValue(pod.Pid);
        w.WritePropertyName("outcome");
        w.WriteValue(pod.Outcome);
        w.WritePropertyName("reachable");
        w.WriteValue(pod.Reachable);
        w.WritePropertyName("status");
        w.WriteValue(pod.Status);
        w.WritePropertyName("latency_ms");
        w.WriteValue(pod.LatencyMs);
        w.WritePropertyName("detail");
        w.WriteValue(pod.Detail);
    }
}
