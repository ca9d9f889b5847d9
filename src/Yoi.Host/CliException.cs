namespace Yoi.Host;

/// <summary>Ends the command with one line on stderr and <paramref name="exitCode"/>; never shown as a stack trace.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
