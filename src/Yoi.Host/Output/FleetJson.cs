using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Yoi.Host.Control.Wire;

namespace Yoi.Host.Output;

/// <summary>The <c>status --json</c> object of design §4. (The control protocol's fuller fleet object is written by
/// <see cref="ControlCodec"/>.)</summary>
public static class FleetJson
{
    /// <summary>The <c>status --json</c> object, exactly the fields of design §4, compact, no terminator.</summary>
    public static string ToStatusJson(FleetReport report)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, ControlCodec.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("at", FormatTime(report.At));
            w.WriteStartArray("pods");
            foreach (var pod in report.Pods)
            {
                w.WriteStartObject();
                ControlCodec.WriteStatusFields(w, pod);
                w.WriteString("dialect", pod.Dialect);
                if (pod.DialectMismatch) w.WriteString("greeted_dialect", pod.GreetedDialect);
                if (pod.NameInBothFiles) w.WriteBoolean("name_in_both_files", true);
                ControlCodec.WriteClusterFields(w, pod);
                if (pod.Managed is { } managed) ControlCodec.WriteManaged(w, managed);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("supervisor");
            w.WriteNumber("open_fds", report.Supervisor.OpenFds);
            w.WriteNumber("open_connections", report.Supervisor.OpenConnections);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string FormatTime(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
