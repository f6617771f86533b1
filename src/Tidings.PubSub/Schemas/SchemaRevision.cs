namespace Tidings.PubSub.Schemas;

/// <summary>
/// One immutable revision of a schema. Its definition is compiled on first use and kept, so validating a publish
/// costs no parsing; revisions recovered at start-up are compiled only when a publish or a commit needs them.
/// </summary>
public sealed class SchemaRevision
{
    private CompiledSchema? _compiled;

    /// <param name="compiled">The definition already compiled (when it was just checked), or null to compile it on first use.</param>
    internal SchemaRevision(string id, long sequence, SchemaType type, string definition, DateTimeOffset createTime, CompiledSchema? compiled)
    {
        Id = id;
        Sequence = sequence;
        Type = type;
        Definition = definition;
        CreateTime = createTime;
        _compiled = compiled;
    }

    /// <summary>Eight lowercase hexadecimal digits, unique within the schema (Google's format).</summary>
    public string Id { get; }

    /// <summary>Creation order within the schema, 1 for the first revision; orders revisions and revision ranges.</summary>
    public long Sequence { get; }

    public SchemaType Type { get; }

    public string Definition { get; }

    public DateTimeOffset CreateTime { get; }

    /// <summary>The validator; compiled once (a race compiles twice and keeps one, which is harmless).</summary>
    internal CompiledSchema Compiled => _compiled ??= SchemaCompiler.Compile(Type, Definition);
}
