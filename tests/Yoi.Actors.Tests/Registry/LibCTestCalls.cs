using System.Runtime.InteropServices;

namespace Yoi.Actors.Tests.Registry;

/// <summary>mkfifo(3), which .NET has no API for.</summary>
internal static class LibCTestCalls
{
    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MkFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    public static void MakeFifo(string path)
    {
        if (MkFifo(path, 0x180) != 0)
            throw new IOException($"mkfifo {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }
}
