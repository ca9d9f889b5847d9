namespace Yoi.Actors.Protocol;

/// <summary>A line that is not a valid method or event; the message says why.</summary>
public sealed class ProtocolException(string message, Exception? inner = null) : Exception(message, inner);
