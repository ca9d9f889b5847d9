namespace Yoi.Actors.Protocol;

/// <summary>The retained window of one output stream of a command (worker dialect).</summary>
public sealed record CommandStreamSlice(long StartOffset, long EndOffset, string Content, bool Truncated);
