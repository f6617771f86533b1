using Tidings.PubSub.Errors;
using Tidings.PubSub.Names;

namespace Tidings.PubSub.Schemas;

/// <summary>A schema name that may name one revision, <c>projects/{project}/schemas/{schema}@{revision}</c> (AIP-162).</summary>
public readonly record struct SchemaRevisionName(ResourceName Schema, string? RevisionId)
{
    public static SchemaRevisionName Parse(string? name)
    {
        var at = name?.LastIndexOf('@') ?? -1;
        if (at < 0)
        {
            return new SchemaRevisionName(ResourceName.Parse(ResourceKind.Schema, name), null);
        }
        var revision = name![(at + 1)..];
        if (revision.Length == 0)
        {
            throw PubSubErrors.InvalidName(ResourceKind.Schema.Collection, name);
        }
        return new SchemaRevisionName(ResourceName.Parse(ResourceKind.Schema, name[..at]), revision);
    }

    /// <summary>The id as NOT_FOUND names it: the schema id, with <c>@revision</c> when one was asked for.</summary>
    public string DisplayId => RevisionId is null ? Schema.Id : $"{Schema.Id}@{RevisionId}";
}
