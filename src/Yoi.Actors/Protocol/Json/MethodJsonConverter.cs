using Newtonsoft.Json;

namespace Yoi.Actors.Protocol;

/// <summary>
/// <see cref="Method"/> ↔ <c>{"method":…,"params":…}</c> (serde adjacently tagged), each method spelled once below.
/// Anything serde would reject is a <see cref="ProtocolException"/>: unknown method names, missing <c>params</c>,
/// <c>{}</c> params for a unit variant (only absent or <c>null</c> is accepted). A renamed method is written in the
/// dialect asked for (<c>list_pods</c> ↔ <c>list_workers</c>, …); what has no equivalent there is a
/// <see cref="DialectMismatchException"/>.
/// </summary>
public sealed class MethodJsonConverter : JsonConverter<Method>
{
    internal static readonly AdjacentlyTagged<Method> Shape = new("method", "method", "params", new WireTable<Method>(
        WireVariant<Method>.Of<RunMethod>(RunMethod.WireName,
            static (r, d) =>
            {
                WireRead.StartObject(r, "params");
                return new RunMethod(WireRead.OneFieldHere(r, "input", (r2, f) => SegmentJsonConverter.Shape.ReadList(r2, f, d)));
            },
            static (w, m, d) =>
            {
                w.WriteStartObject();
                SegmentJsonConverter.Shape.WriteList(w, "input", m.Input, d);
                w.WriteEndObject();
            }),
        WireVariant<Method>.Of<NotifyMethod>(NotifyMethod.WireName, static (r, d) =>
            {
                WireRead.StartObject(r, "params");
                string? message = null;
                var autoRun = true;
                while (WireRead.NextProperty(r, out var name))
                {
                    if (name == "message")
                        message = WireRead.String(r, name);
                    else if (name == "auto_run" && d != Dialect.Pod)
                        autoRun = WireRead.Bool(r, name);
                    else
                        WireRead.Skip(r);
                }

                return new NotifyMethod(message ?? throw WireRead.Missing("message"), autoRun);
            },
            static (w, m, d) =>
            {
                if (!m.AutoRun && d == Dialect.Pod)
                    throw new DialectMismatchException(Dialect.Pod, "`notify.auto_run` (a notification that does not start a turn)");
                w.WriteStartObject();
                WireWrite.Field(w, "message", m.Message);
                if (!m.AutoRun)
                    WireWrite.Field(w, "auto_run", false);
                w.WriteEndObject();
            }),
        WireVariant<Method>.Of<PodEventMethod>(PodEventMethod.WireName,
            static (r, _) => new PodEventMethod(ReadChildEvent(r, Dialect.Pod)),
            static (w, m, _) => PodEventJsonConverter.Shape.Write(w, m.Event, Dialect.Pod),
            Dialect.Pod, static m => new WorkerEventMethod(m.Event)),
        WireVariant<Method>.Of<WorkerEventMethod>(WorkerEventMethod.WireName,
            static (r, _) => new WorkerEventMethod(ReadChildEvent(r, Dialect.Worker)),
            static (w, m, _) => PodEventJsonConverter.Shape.Write(w, m.Event, Dialect.Worker),
            Dialect.Worker, static m => new PodEventMethod(m.Event)),
        WireVariant<Method>.UnitOf(ResumeMethod.WireName, ResumeMethod.Instance),
        WireVariant<Method>.UnitOf(CancelMethod.WireName, CancelMethod.Instance),
        WireVariant<Method>.UnitOf(PauseMethod.WireName, PauseMethod.Instance),
        WireVariant<Method>.UnitOf(CompactMethod.WireName, CompactMethod.Instance),
        WireVariant<Method>.UnitOf(ListRewindTargetsMethod.WireName, ListRewindTargetsMethod.Instance),
        WireVariant<Method>.Of<RewindToMethod>(RewindToMethod.WireName, static (r, _) =>
            {
                WireRead.StartObject(r, "params");
                RewindTargetId? target = null;
                long? expectedHead = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "target": target = ModelWire.ReadRewindTargetId(r, name); break;
                        case "expected_head_entries": expectedHead = WireRead.Unsigned(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new RewindToMethod(target ?? throw WireRead.Missing("target"),
                    expectedHead ?? throw WireRead.Missing("expected_head_entries"));
            },
            static (w, m, _) =>
            {
                w.WriteStartObject();
                ModelWire.Write(w, "target", m.Target);
                WireWrite.Field(w, "expected_head_entries", m.ExpectedHeadEntries);
                w.WriteEndObject();
            }),
        WireVariant<Method>.UnitOf(ShutdownMethod.WireName, ShutdownMethod.Instance),
        WireVariant<Method>.Of<ListCompletionsMethod>(ListCompletionsMethod.WireName, static (r, d) =>
            {
                WireRead.StartObject(r, "params");
                CompletionKind? kind = null;
                string? prefix = null;
                while (WireRead.NextProperty(r, out var name))
                {
                    switch (name)
                    {
                        case "kind": kind = WireRead.Enum(r, d == Dialect.Worker ? WireEnums.WorkerCompletionKind : WireEnums.CompletionKind, name); break;
                        case "prefix": prefix = WireRead.String(r, name); break;
                        default: WireRead.Skip(r); break;
                    }
                }

                return new ListCompletionsMethod(kind ?? throw WireRead.Missing("kind"), prefix ?? throw WireRead.Missing("prefix"));
            },
            static (w, m, d) =>
            {
                if (d == Dialect.Worker && m.Kind != CompletionKind.File)
                    throw new DialectMismatchException(Dialect.Worker, $"`{WireEnums.CompletionKind.ToWire(m.Kind)}` completion kind");
                w.WriteStartObject();
                WireWrite.Field(w, "kind", WireEnums.CompletionKind.ToWire(m.Kind));
                WireWrite.Field(w, "prefix", m.Prefix);
                w.WriteEndObject();
            }),
        WireVariant<Method>.UnitOf(ListPodsMethod.WireName, ListPodsMethod.Instance,
            Dialect.Pod, static _ => ListWorkersMethod.Instance),
        WireVariant<Method>.UnitOf(ListWorkersMethod.WireName, ListWorkersMethod.Instance,
            Dialect.Worker, static _ => ListPodsMethod.Instance),
        WireVariant<Method>.Of<RestorePodMethod>(RestorePodMethod.WireName,
            static (r, _) => new RestorePodMethod(WireRead.OneField(r, "params", "name", WireRead.String)),
            static (w, m, _) => WriteName(w, m.PodName),
            Dialect.Pod, static m => new RestoreWorkerMethod(m.PodName)),
        WireVariant<Method>.Of<RestoreWorkerMethod>(RestoreWorkerMethod.WireName,
            static (r, _) => new RestoreWorkerMethod(WireRead.OneField(r, "params", "name", WireRead.String)),
            static (w, m, _) => WriteName(w, m.WorkerName),
            Dialect.Worker, static m => new RestorePodMethod(m.WorkerName)),
        WireVariant<Method>.Of<RegisterPeerMethod>(RegisterPeerMethod.WireName,
            static (r, _) => new RegisterPeerMethod(WireRead.OneField(r, "params", "name", WireRead.String)),
            static (w, m, _) => WriteName(w, m.PodName))));

    public override Method ReadJson(JsonReader reader, Type objectType, Method? existingValue, bool hasExistingValue,
        JsonSerializer serializer)
    {
        if (reader.TokenType != JsonToken.StartObject)
            throw WireRead.TypeError(reader, "method", "an object");
        return Read(reader, null);
    }

    public override void WriteJson(JsonWriter writer, Method? value, JsonSerializer serializer) =>
        Shape.Write(writer, value ?? throw new ArgumentNullException(nameof(value)), Dialect.Pod);

    /// <summary>Reads the method object the reader is positioned on: <paramref name="dialect"/>'s methods, or either's.</summary>
    internal static Method Read(JsonReader reader, Dialect? dialect)
    {
        Shape.Read(reader, dialect, false, name => new ProtocolException(
            $"unknown method `{name}` (expected one of {Shape.Table.Expected(dialect)})"), out var method, out _);
        return method!;
    }

    private static PodEvent ReadChildEvent(JsonReader reader, Dialect dialect)
    {
        WireRead.Next(reader);
        return PodEventJsonConverter.Shape.Read(reader, dialect);
    }

    private static void WriteName(JsonWriter writer, string name)
    {
        writer.WriteStartObject();
        WireWrite.Field(writer, "name", name);
        writer.WriteEndObject();
    }
}
