namespace Tidings.PubSub.Schemas;

/// <summary>
/// A schema definition parsed once and checked against Pub/Sub's rules, ready to validate messages. Immutable, so
/// one instance per revision serves every publish concurrently.
/// </summary>
internal abstract class CompiledSchema
{
    /// <summary>Nesting deeper than this fails validation instead of exhausting the stack (recursive schemas).</summary>
    public const int MaxDepth = 100;

    /// <summary>Null when <paramref name="data"/> is a valid message in <paramref name="encoding"/>; otherwise what is wrong.</summary>
    public abstract string? Validate(ReadOnlySpan<byte> data, SchemaEncoding encoding);

    /// <summary>
    /// Null when a revision of this definition may follow <paramref name="previous"/> (Google's commit rule: messages
    /// of either stay readable with the other); otherwise what breaks.
    /// </summary>
    public abstract string? FindIncompatibility(CompiledSchema previous);
}
