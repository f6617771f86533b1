using Tidings.PubSub.Schemas;

namespace Tidings.PubSub.Resources;

/// <summary>
/// A topic's binding to a schema: every message published must validate, in <paramref name="Encoding"/>, against one
/// of the schema's revisions from <paramref name="FirstRevisionId"/> to <paramref name="LastRevisionId"/> (inclusive;
/// empty means no bound on that side).
/// </summary>
/// <param name="Schema">The full schema name, or <see cref="TopicSchemaSettings.DeletedSchema"/> once the schema was deleted.</param>
public sealed record TopicSchemaSettings(string Schema, SchemaEncoding Encoding, string FirstRevisionId, string LastRevisionId)
{
    /// <summary>Google's sentinel for the schema of a topic whose schema was deleted.</summary>
    public const string DeletedSchema = "_deleted-schema_";
}
