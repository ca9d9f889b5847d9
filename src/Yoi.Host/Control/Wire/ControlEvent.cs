namespace Yoi.Host.Control.Wire;

/// <summary>One line from the supervisor: a reply or a streamed event (<c>{"event":…,"data":…,"id":…}</c>).</summary>
public abstract record ControlEvent
{
    /// <summary>The <c>event</c> name on the wire.</summary>
    public abstract string Name { get; }
}
