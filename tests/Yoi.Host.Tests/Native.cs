using System.Runtime.InteropServices;

namespace Yoi.Host.Tests;

internal static partial class Native
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int signal);
}
