namespace Yoi.Actors.Protocol;

/// <summary>A line that is not a valid method or event, or a method that cannot be written; the message says why.</summary>
public class ProtocolException(string message, Exception? inner = null) : Exception(message, inner);
