namespace Yoi.Host.Output;

/// <summary>The keys that move the panel's rows.</summary>
public enum ScrollKey
{
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
}
