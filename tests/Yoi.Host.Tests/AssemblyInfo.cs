[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// Child processes and real sockets on 2 cores: one test at a time keeps timings honest.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
