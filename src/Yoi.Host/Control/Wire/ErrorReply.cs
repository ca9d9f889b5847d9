namespace Yoi.Host.Control.Wire;

/// <summary><c>error</c>: the request failed; <paramref name="Code"/> is one of <see cref="ControlNames"/>' error codes.</summary>
public sealed record ErrorReply(string Code, string Message) : ControlEvent
{
    public override string Name => ControlNames.Error;
}
