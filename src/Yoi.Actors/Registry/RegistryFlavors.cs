namespace Yoi.Actors.Registry;

/// <summary>The file name and name key of each <see cref="RegistryFlavor"/>.</summary>
public static class RegistryFlavors
{
    /// <summary>Both flavors, in the order a fleet read lists their rows.</summary>
    public static IReadOnlyList<RegistryFlavor> All { get; } = [RegistryFlavor.Pods, RegistryFlavor.Workers];

    /// <summary>The flavor a registry path speaks by its file name: <c>workers.json</c> is
    /// <see cref="RegistryFlavor.Workers"/>, any other name <see cref="RegistryFlavor.Pods"/> (the original format).</summary>
    public static RegistryFlavor OfPath(string registryPath) =>
        string.Equals(Path.GetFileName(registryPath), RegistryFlavor.Workers.FileName, StringComparison.Ordinal)
            ? RegistryFlavor.Workers
            : RegistryFlavor.Pods;

    extension(RegistryFlavor flavor)
    {
        /// <summary><c>pods.json</c> or <c>workers.json</c>, directly under the runtime directory.</summary>
        public string FileName => flavor == RegistryFlavor.Workers ? "workers.json" : "pods.json";

        /// <summary>The allocation field that holds the name: <c>pod_name</c> or <c>worker_name</c>.</summary>
        public string NameKey => flavor == RegistryFlavor.Workers ? "worker_name" : "pod_name";

        /// <summary>"pod" or "worker", as messages and the protocol's dialects call them.</summary>
        public string Noun => flavor == RegistryFlavor.Workers ? "worker" : "pod";
    }
}
