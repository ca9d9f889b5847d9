namespace Yoi.Actors.Registry;

/// <summary>The registry could not be read or written; the message names the file and the reason (one line, for people).</summary>
public class RegistryException(string message, Exception? inner = null) : Exception(message, inner);
