namespace Yoi.Host.Control.Wire;

/// <summary>A request line that is not a valid request: answered with an <c>error</c> of <see cref="Code"/>, carrying
/// the request's id when it could be read.</summary>
public sealed class ControlRequestException(string code, string message, string? id) : Exception(message)
{
    public string Code { get; } = code;

    public string? Id { get; } = id;
}
