namespace Tidings.PubSub.Resources;

/// <summary>Where and how a push subscription delivers. A subscription without one is a pull subscription.</summary>
public sealed record PushConfig
{
    public required string PushEndpoint { get; init; }

    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Set when pushes carry an OIDC token; null otherwise.</summary>
    public OidcToken? OidcToken { get; init; }

    /// <summary>Set when the body is the raw message data instead of the JSON wrapper; null for the wrapper.</summary>
    public NoWrapper? NoWrapper { get; init; }
}

public sealed record OidcToken(string ServiceAccountEmail, string Audience);

public sealed record NoWrapper(bool WriteMetadata);
