namespace Yoi.Actors.Protocol;

/// <summary>Wire names of every plain enum, in declaration order (which is the C# value order).</summary>
internal static class WireEnums
{
    public static readonly WireEnum<PodStatus> PodStatus = new("status", "idle", "running", "paused");
    public static readonly WireEnum<TurnResult> TurnResult = new("result", "finished", "paused");
    public static readonly WireEnum<RunResult> RunResult = new("result", "finished", "paused", "limit_reached", "rolled_back");
    public static readonly WireEnum<InvokeKind> InvokeKind =
        new("kind", "user_send", "notify", "pod_event", "system_reminder", "wakeup", "worker_event");
    public static readonly WireEnum<ErrorCode> ErrorCode = new(
        "code", "already_running", "not_running", "not_paused", "provider_error", "tool_error", "invalid_request", "internal");
    public static readonly WireEnum<AlertLevel> AlertLevel = new("level", "warn", "error");
    public static readonly WireEnum<AlertSource> AlertSource = new("source", "pod", "worker", "compactor", "agents_md", "engine");
    public static readonly WireEnum<CompletionKind> CompletionKind = new("kind", "file", "knowledge", "workflow");
    public static readonly WireEnum<CompletionKind> WorkerCompletionKind = new("kind", "file");
    public static readonly WireEnum<InternalWorkerKind> InternalWorkerKind = new("kind", "sub_worker");
    public static readonly WireEnum<InFlightToolCallState> InFlightToolCallState = new("state", "pending", "streaming_args", "done");
    public static readonly WireEnum<CommandStatus> CommandStatus = new("status", "running", "completed", "failed", "timed_out", "cancelled");
    public static readonly WireEnum<CommandStream> CommandStream = new("stream", "stdout", "stderr");
    public static readonly WireEnum<Permission> Permission = new("permission", "read", "write");
}
