// Unix domain sockets, SO_PEERCRED, /proc/self/fd: yoi-supervisor runs on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
