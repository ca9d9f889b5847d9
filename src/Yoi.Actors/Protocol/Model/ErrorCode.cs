namespace Yoi.Actors.Protocol;

/// <summary>Why the pod reported an error (<c>error.code</c>).</summary>
/// <remarks>Unknown wire values are rejected like serde does (see <see cref="WireEnum{T}"/> for why).</remarks>
public enum ErrorCode
{
    /// <summary><c>already_running</c></summary>
    AlreadyRunning,
    /// <summary><c>not_running</c></summary>
    NotRunning,
    /// <summary><c>not_paused</c></summary>
    NotPaused,
    /// <summary><c>provider_error</c></summary>
    ProviderError,
    /// <summary><c>tool_error</c></summary>
    ToolError,
    /// <summary><c>invalid_request</c></summary>
    InvalidRequest,
    /// <summary><c>internal</c></summary>
    Internal,
}
