namespace Tidings.Kernel.Errors;

/// <summary>
/// The machine-readable cause of an error, as Google's <c>google.rpc.ErrorInfo</c> carries it: clients branch on
/// <paramref name="Reason"/> within <paramref name="Domain"/> (e.g. <c>pubsub.googleapis.com</c>), never on the message.
/// </summary>
/// <param name="Reason">UPPER_SNAKE_CASE constant, e.g. <c>EXACTLY_ONCE_ACKID_FAILURE</c>.</param>
/// <param name="Domain">The service that defines the reason, e.g. <c>pubsub.googleapis.com</c>.</param>
/// <param name="Metadata">Further facts keyed by lowerCamelCase names (or, for some reasons, by ids).</param>
public sealed record ErrorInfo(string Reason, string Domain, IReadOnlyDictionary<string, string> Metadata)
{
    public ErrorInfo(string reason, string domain)
        : this(reason, domain, new Dictionary<string, string>())
    {
    }
}
