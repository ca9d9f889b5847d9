namespace Yoi.Host.Control.Wire;

/// <summary><c>start</c>, <c>stop</c> or <c>restart</c> (<paramref name="Action"/>) of a managed pod.</summary>
public sealed record ProcessRequest(string Action, string Pod) : ControlRequest
{
    public override string Method => Action;
}
