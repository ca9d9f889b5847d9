namespace Yoi.Actors.Managed;

/// <summary>Names of the Linux signals people meet when a process dies.</summary>
public static class SignalNames
{
    public static string? Of(int signal) => signal switch
    {
        1 => "SIGHUP", 2 => "SIGINT", 3 => "SIGQUIT", 4 => "SIGILL", 6 => "SIGABRT", 7 => "SIGBUS", 8 => "SIGFPE",
        9 => "SIGKILL", 11 => "SIGSEGV", 13 => "SIGPIPE", 14 => "SIGALRM", 15 => "SIGTERM",
        _ => null,
    };

    /// <summary>" (SIGKILL)", or empty for a signal without a well-known name.</summary>
    public static string Suffix(int signal) => Of(signal) is { } name ? $" ({name})" : "";
}
