namespace Yoi.Actors.Registry;

/// <summary>Which of the runtime's two registry files a row comes from (see <see cref="RegistryFlavors"/> for their
/// names and keys): the June runtime's <c>pods.json</c> or the August runtime's <c>workers.json</c>, same shape.</summary>
public enum RegistryFlavor
{
    Pods,
    Workers,
}
