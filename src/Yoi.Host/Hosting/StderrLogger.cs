using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Yoi.Host.Hosting;

/// <summary>Akka's log events of an in-process supervisor, one line each on stderr: stdout carries the command's own
/// output (e.g. <c>status --json</c>), where Akka's standard logger would write.</summary>
public sealed class StderrLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public StderrLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Console.Error.WriteLine(
            $"{e.Timestamp.ToLocalTime():HH:mm:ss.fff} {Level(e.LogLevel())}: {e.LogSource} {e.Message}{(e.Cause is { } cause ? ": " + cause.Message : "")}"));
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.ErrorLevel => "fail",
        LogLevel.WarningLevel => "warn",
        LogLevel.InfoLevel => "info",
        _ => "dbug",
    };
}
