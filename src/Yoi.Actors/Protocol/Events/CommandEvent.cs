namespace Yoi.Actors.Protocol;

/// <summary><c>command</c> (worker dialect): a command's lifecycle; <c>data</c> is <c>{"event": …}</c>.</summary>
public sealed record CommandEvent(CommandUpdate Update) : Event
{
    public const string WireName = "command";

    public override string Name => WireName;
}
