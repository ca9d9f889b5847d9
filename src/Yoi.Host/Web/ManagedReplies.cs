using System.Buffers;
using System.Text.Json;
using Yoi.Actors.Diagnostics;
using Yoi.Actors.Managed;
using Yoi.Actors.Supervision;
using Yoi.Host.Control.Wire;
using ManagedMessages = Yoi.Actors.Managed.Managed;

namespace Yoi.Host.Web;

/// <summary>The HTTP form of the supervisor's answers to the managed-pod verbs (<see cref="ManagedMessages.Start"/>,
/// <c>Stop</c>, <c>Restart</c>): <c>Done</c> is 200 with the pod's process status, <c>Refused</c> a 409 problem.</summary>
public static class ManagedReplies
{
    public static (int Status, byte[] Body) Render(object reply)
    {
        if (reply is not ManagedMessages.Done done)
            return (ApiProblems.StatusOf(CodeOf(reply)), []);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, ControlCodec.WriterOptions))
            WriteStatus(w, done.Status);
        return (200, buffer.WrittenSpan.ToArray());
    }

    public static string CodeOf(object reply) => reply switch
    {
        ManagedMessages.Done => "ok",
        ManagedMessages.Refused => ApiProblems.Refused,
        Fleet.UnknownPod => ControlNames.UnknownPod,
        _ => ControlNames.Internal,
    };

    public static string DetailOf(object reply) => reply switch
    {
        ManagedMessages.Refused r => $"{r.Name}: {r.Reason}",
        Fleet.UnknownPod u => $"unknown pod {u.PodName}: {u.Reason}",
        _ => $"an unexpected answer: {reply.GetType().Name}",
    };

    /// <summary>A managed pod's process status as JSON: <c>{"name","state","pid","restarts","started_at","reason","adopted"}</c>.</summary>
    public static void WriteStatus(Utf8JsonWriter w, ManagedPodStatus status)
    {
        w.WriteStartObject();
        w.WriteString("name", status.Name);
        w.WriteString("state", SupervisorMetrics.ManagedName(status.State));
        if (status.Pid is { } pid) w.WriteNumber("pid", pid);
        else w.WriteNull("pid");
        w.WriteNumber("restarts", status.Restarts);
        if (status.StartedAt is { } at) w.WriteString("started_at", at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        else w.WriteNull("started_at");
        if (status.Reason is { } reason) w.WriteString("reason", reason);
        else w.WriteNull("reason");
        w.WriteBoolean("adopted", status.Adopted);
        w.WriteEndObject();
    }
}
