using Tidings.Kernel.Paging;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Names;
using Tidings.PubSub.Persistence;
using Tidings.PubSub.Resources;
using Tidings.PubSub.Schemas;
using Tidings.Storage.State;

namespace Tidings.PubSub;

public sealed partial class PubSubBroker
{
    /// <summary>This engine's schemas, or with cells the process's, which every cell's topics refer to.</summary>
    private readonly SchemaRegistry _schemas;

    /// <summary>Serialises schema changes: the registry lock, or with cells the lock the cells share.</summary>
    private Lock SchemaLock => _cellLinks?.SchemaLock ?? _registryLock;

    /// <summary>Creates a schema with its first revision; the definition must compile.</summary>
    public RegisteredSchema CreateSchema(string parent, string schemaId, SchemaType type, string definition)
    {
        var project = ResourceName.ParseProject(parent);
        var name = ResourceName.Parse(ResourceKind.Schema, $"projects/{project}/schemas/{schemaId}");
        var compiled = SchemaCompiler.Compile(type, definition);
        using var claim = _cellLinks?.ClaimName(name.FullName); // with cells, against a creation on another node
        lock (SchemaLock)
        {
            if (FindSchema(name.FullName) is not null)
            {
                throw PubSubErrors.AlreadyExists(name.Id);
            }
            var revision = new SchemaRevision(SchemaRevisionIds.New(null), 1, type, definition, _time.GetUtcNow(), compiled);
            var schema = new RegisteredSchema(name, [revision], new Dictionary<string, long>());
            _state.Apply([SchemaDocuments.Put(schema)]);
            _schemas.Put(schema);
            AnnounceSchemaChange(name.FullName);
            return schema;
        }
    }

    /// <summary>The schema and the revision a name asks for: the latest, or the one after <c>@</c>.</summary>
    public (RegisteredSchema Schema, SchemaRevision Revision) GetSchema(string name)
    {
        var parsed = SchemaRevisionName.Parse(name);
        var schema = RequireSchema(parsed.Schema);
        if (parsed.RevisionId is null)
        {
            return (schema, schema.Latest);
        }
        var revision = schema.FindRevision(parsed.RevisionId);
        if (revision is null && ReloadSchema(schema.Name.FullName, schema) is { } fresh) // committed on another node?
        {
            (schema, revision) = (fresh, fresh.FindRevision(parsed.RevisionId));
        }
        return (schema, revision ?? throw PubSubErrors.NotFound(parsed.DisplayId));
    }

    /// <summary>
    /// Schemas of a project in name order, after <paramref name="pageToken"/>; with cells, as stored (other nodes
    /// change them too).
    /// </summary>
    public Page<RegisteredSchema> ListSchemas(string parent, int pageSize, string pageToken)
    {
        var prefix = $"projects/{ResourceName.ParseProject(parent)}/schemas/";
        var all = SchemasShared ? StoredSchemas.LoadAll(_state) : _schemas.All;
        var schemas = all.Where(schema => schema.Name.FullName.StartsWith(prefix, StringComparison.Ordinal));
        return PubSubPaging.Of(schemas, schema => schema.Name.FullName, pageSize, pageToken);
    }

    /// <summary>A schema's revisions, newest first (AIP-162's order for revision listings).</summary>
    public Page<SchemaRevision> ListSchemaRevisions(string name, int pageSize, string pageToken)
    {
        var schema = RequireSchema(ResourceName.Parse(ResourceKind.Schema, name));
        return PubSubPaging.Of(schema.Revisions, NewestFirst, pageSize, pageToken);
    }

    /// <summary>Adds a revision with a new definition of the schema's type, which every earlier revision must stay compatible with.</summary>
    public RegisteredSchema CommitSchema(string name, SchemaType type, string definition)
    {
        var schemaName = ResourceName.Parse(ResourceKind.Schema, name);
        var compiled = SchemaCompiler.Compile(type, definition);
        using var claim = _cellLinks?.ClaimName(schemaName.FullName); // with cells, against a commit on another node
        lock (SchemaLock)
        {
            var schema = RequireStoredSchema(schemaName);
            if (type != schema.Type)
            {
                throw SchemaErrors.TypeChanged(SchemaNames.Of(schema.Type), SchemaNames.Of(type));
            }
            foreach (var previous in schema.Revisions.Reverse())
            {
                if (compiled.FindIncompatibility(previous.Compiled) is { } incompatibility)
                {
                    throw SchemaErrors.IncompatibleRevision(previous.Id, incompatibility);
                }
            }
            return AddRevision(schema, type, definition, compiled);
        }
    }

    /// <summary>Adds a revision that copies an earlier one (AIP-162: a new id, never the old one again).</summary>
    public RegisteredSchema RollbackSchema(string name, string revisionId)
    {
        var schemaName = ResourceName.Parse(ResourceKind.Schema, name);
        if (string.IsNullOrEmpty(revisionId))
        {
            throw SchemaErrors.RollbackRevisionRequired();
        }
        lock (SchemaLock)
        {
            var schema = RequireStoredSchema(schemaName);
            var source = schema.FindRevision(revisionId) ?? throw PubSubErrors.NotFound($"{schemaName.Id}@{revisionId}");
            return AddRevision(schema, source.Type, source.Definition, source.Compiled);
        }
    }

    /// <summary>
    /// Deletes one revision, named <c>schema@revision</c> (or, as the deprecated field allows, by
    /// <paramref name="deprecatedRevisionId"/>), and returns the schema as it then is. The only revision cannot go.
    /// </summary>
    public RegisteredSchema DeleteSchemaRevision(string name, string deprecatedRevisionId)
    {
        var parsed = SchemaRevisionName.Parse(name);
        var revisionId = parsed.RevisionId ?? (string.IsNullOrEmpty(deprecatedRevisionId) ? throw SchemaErrors.RevisionIdRequired(name) : deprecatedRevisionId);
        lock (SchemaLock)
        {
            var schema = RequireStoredSchema(parsed.Schema);
            var revision = schema.FindRevision(revisionId) ?? throw PubSubErrors.NotFound($"{parsed.Schema.Id}@{revisionId}");
            if (schema.Revisions.Count == 1)
            {
                throw SchemaErrors.LastRevision(name);
            }
            var retired = new Dictionary<string, long>(schema.RetiredRevisions) { [revision.Id] = revision.Sequence };
            var updated = schema with { Revisions = [.. schema.Revisions.Where(candidate => candidate != revision)], RetiredRevisions = retired };
            _state.Apply([SchemaDocuments.Put(updated)]);
            _schemas.Put(updated);
            AnnounceSchemaChange(updated.Name.FullName);
            return updated;
        }
    }

    /// <summary>
    /// Deletes a schema; topics bound to it then name <c>_deleted-schema_</c> and refuse publishes. With cells, the
    /// registry lock of every cell this process runs is held meanwhile (in cell order, after the schema lock), so no
    /// topic of theirs binds to the schema as it goes; each other cell rebinds its topics in a transaction of its own,
    /// this one last with the schema's record, so a crash between leaves the schema in place and deleting it again
    /// finishes. Cells running on other nodes rebind theirs when the deletion is announced to them, or when they
    /// recover (<see cref="UnbindMissingSchemas"/>); until then their topics refuse publishes, as the schema is gone.
    /// </summary>
    public void DeleteSchema(string name)
    {
        var schemaName = ResourceName.Parse(ResourceKind.Schema, name);
        lock (SchemaLock)
        {
            var schema = RequireStoredSchema(schemaName);
            var cells = _cellLinks is null ? [this] : _cellLinks.Local.Where(engine => engine != this).Append(this).OrderBy(engine => engine.Cell).ToList();
            var entered = new List<PubSubBroker>();
            try
            {
                foreach (var engine in cells)
                {
                    engine._registryLock.Enter();
                    entered.Add(engine);
                }
                foreach (var other in cells.Where(engine => engine != this))
                {
                    other.UnbindSchema(schemaName.FullName, []);
                }
                UnbindSchema(schemaName.FullName, [SchemaDocuments.Delete(schema), PubSubDocuments.DeletePolicy(schemaName)]);
                _schemas.Remove(schema);
                ForgetPolicy(schemaName);
            }
            finally
            {
                foreach (var engine in entered)
                {
                    engine._registryLock.Exit();
                }
            }
            AnnounceSchemaChange(schemaName.FullName);
        }
    }

    /// <summary>Binds this engine's topics bound to a deleted schema to <c>_deleted-schema_</c>, stored with <paramref name="changes"/>. Registry lock held.</summary>
    private void UnbindSchema(string schema, List<StateChange> changes)
    {
        var bound = _topics.Values.Where(topic => topic.Settings.SchemaSettings?.Schema == schema).ToList();
        var rebound = bound.Select(topic => topic.Settings with
        {
            SchemaSettings = topic.Settings.SchemaSettings! with { Schema = TopicSchemaSettings.DeletedSchema },
        }).ToList();
        for (var i = 0; i < bound.Count; i++)
        {
            changes.Add(PubSubDocuments.PutTopic(bound[i], rebound[i]));
        }
        if (changes.Count > 0)
        {
            _state.Apply(changes);
        }
        for (var i = 0; i < bound.Count; i++)
        {
            bound[i].Settings = rebound[i];
        }
    }

    /// <summary>Checks a definition as CreateSchema would, storing nothing.</summary>
    public static void ValidateSchema(SchemaType type, string definition) => SchemaCompiler.Compile(type, definition);

    /// <summary>
    /// Validates one message against a stored schema (its latest revision, or the one after <c>@</c>) or against a
    /// definition given inline, failing as a publish would.
    /// </summary>
    /// <param name="name">The schema to validate against; null to use <paramref name="inline"/>.</param>
    public void ValidateMessage(string parent, string? name, (SchemaType Type, string Definition)? inline, ReadOnlySpan<byte> data, SchemaEncoding encoding)
    {
        ResourceName.ParseProject(parent);
        if (name is not null)
        {
            var (schema, revision) = GetSchema(name);
            var detail = revision.Compiled.Validate(data, encoding);
            if (detail is not null && SchemasShared && SchemaRevisionName.Parse(name).RevisionId is null
                && ReloadSchema(schema.Name.FullName, schema) is { } fresh && !ReferenceEquals(fresh, schema))
            {
                (schema, revision) = (fresh, fresh.Latest); // a revision committed on another node may accept it
                detail = revision.Compiled.Validate(data, encoding);
            }
            if (detail is not null)
            {
                throw SchemaErrors.MessageFailedValidation(encoding, revision.Type, SchemaErrors.RevisionInfo(schema.Name.FullName, revision.Id, detail));
            }
            return;
        }
        if (inline is not { } given)
        {
            throw SchemaErrors.SchemaSpecRequired();
        }
        if (SchemaCompiler.Compile(given.Type, given.Definition).Validate(data, encoding) is { } inlineDetail)
        {
            throw SchemaErrors.MessageFailedValidation(encoding, given.Type, SchemaErrors.InlineSchemaInfo(inlineDetail));
        }
    }

    /// <summary>Registry lock held.</summary>
    private RegisteredSchema AddRevision(RegisteredSchema schema, SchemaType type, string definition, CompiledSchema compiled)
    {
        if (schema.Revisions.Count >= RegisteredSchema.MaxRevisions)
        {
            throw SchemaErrors.TooManyRevisions(RegisteredSchema.MaxRevisions);
        }
        var revision = new SchemaRevision(SchemaRevisionIds.New(schema), schema.LastSequence + 1, type, definition, _time.GetUtcNow(), compiled);
        var updated = schema with { Revisions = [.. schema.Revisions, revision] };
        _state.Apply([SchemaDocuments.Put(updated)]);
        _schemas.Put(updated);
        AnnounceSchemaChange(updated.Name.FullName);
        return updated;
    }

    private RegisteredSchema RequireSchema(ResourceName name) => FindSchema(name.FullName) ?? throw PubSubErrors.NotFound(name.Id);

    /// <summary>
    /// The schema to change: with cells, as stored now, since a node that ran its home cell before, or another
    /// node's bootstrap file, may have changed it behind this process's copy. Schema lock held.
    /// </summary>
    private RegisteredSchema RequireStoredSchema(ResourceName name)
    {
        var known = _schemas.Find(name.FullName);
        return (SchemasShared ? ReloadSchema(name.FullName, known) : known) ?? throw PubSubErrors.NotFound(name.Id);
    }

    /// <summary>
    /// Loads the stored schemas. With cells, the process's copy is made to match the store (a schema deleted while
    /// this node heard nothing goes), under the schema lock so no change of this process interleaves.
    /// </summary>
    private void RecoverSchemas()
    {
        if (!SchemasShared)
        {
            foreach (var document in _state.LoadAll(SchemaDocuments.SchemaKind))
            {
                _schemas.Put(SchemaDocuments.Read(document));
            }
            return;
        }
        lock (SchemaLock)
        {
            lock (_schemas.ReloadLock)
            {
                _schemas.Sync(StoredSchemas.LoadAll(_state));
            }
        }
    }

    /// <summary>A page key that sorts the newest revision first.</summary>
    private static string NewestFirst(SchemaRevision revision) => (long.MaxValue - revision.Sequence).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
}
