using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Yoi.Host.Tests;

/// <summary>The CLI processes these tests start must see SIGINT as a user's Ctrl-C would reach them. A test run started
/// in the background by a non-interactive shell (<c>cmd &amp;</c>, no job control) inherits SIGINT and SIGQUIT ignored,
/// every process it starts inherits that, and .NET leaves an inherited ignore alone (as it should: the convention for
/// background jobs) — so `logs -f` went on after the tests' SIGINT (its /proc status: SigIgn 0x1006). Process.Start keeps
/// a default disposition as it is, so setting the default here gives every child the one a terminal would.</summary>
internal static partial class DefaultInterrupts
{
    private const nint SigDfl = 0;

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Must run before any test starts a process.")]
    internal static void Reset()
    {
        signal(Native.SigInt, SigDfl);
        signal(Native.SigQuit, SigDfl);
    }

    [LibraryImport("libc")]
    private static partial nint signal(int signum, nint handler);
}
