namespace Tidings.PubSub.Errors;

/// <summary>A typed domain error carrying the code and message Google returns for the same mistake.</summary>
public sealed class PubSubException(ErrorCode code, string message) : Exception(message)
{
    public ErrorCode Code { get; } = code;
}
