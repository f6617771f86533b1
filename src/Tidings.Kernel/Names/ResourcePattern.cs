using System.Diagnostics.CodeAnalysis;

namespace Tidings.Kernel.Names;

/// <summary>
/// The shape of a full resource name: collection words alternating with ids, e.g.
/// <c>projects/{project}/locations/{location}/queues/{queue}/tasks/{task}</c>. Built from the root down
/// (<c>Root("projects", …).Child("locations", …).Child("queues", …)</c>), each level with its own id rule; parses
/// names into <see cref="ResourcePath"/> and builds them from ids. Parsing is exact: no empty segments, no leading
/// or trailing <c>/</c>, collection words compared case-sensitively. Immutable and thread-safe.
/// </summary>
public sealed class ResourcePattern
{
    private readonly string[] _collections;
    private readonly SegmentRule[] _rules;

    private ResourcePattern(ResourcePattern? parent, string collection, SegmentRule rule)
    {
        if (collection.Length == 0 || collection.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A collection word is one non-empty segment, not '{collection}'.", nameof(collection));
        }
        Parent = parent;
        _collections = parent is null ? [collection] : [.. parent._collections, collection];
        _rules = parent is null ? [rule] : [.. parent._rules, rule];
        Template = string.Join('/', _collections.Select(word => $"{word}/*"));
    }

    /// <summary>A top-level pattern, <c>{collection}/{id}</c>: usually <c>projects/{project}</c>.</summary>
    public static ResourcePattern Root(string collection, SegmentRule rule) => new(null, collection, rule);

    /// <summary>The pattern of this resource's children: this pattern followed by <c>/{collection}/{id}</c>.</summary>
    public ResourcePattern Child(string collection, SegmentRule rule) => new(this, collection, rule);

    /// <summary>The pattern one level up, or null for a root.</summary>
    public ResourcePattern? Parent { get; }

    /// <summary>The last collection word, e.g. <c>tasks</c>; Google names it in its invalid-name errors.</summary>
    public string Collection => _collections[^1];

    /// <summary>Every collection word, root first.</summary>
    public IReadOnlyList<string> Collections => _collections;

    /// <summary>The number of ids a name of this pattern holds.</summary>
    public int Depth => _collections.Length;

    /// <summary>The pattern in Google's HTTP-rule notation, e.g. <c>projects/*/locations/*/queues/*</c>.</summary>
    public string Template { get; }

    public override string ToString() => Template;

    /// <summary>Parses <paramref name="name"/>; false when its shape differs or an id breaks its level's rule.</summary>
    public bool TryParse([NotNullWhen(true)] string? name, [NotNullWhen(true)] out ResourcePath? path)
    {
        path = null;
        if (name is null)
        {
            return false;
        }
        var ids = new string[Depth];
        var position = 0;
        for (var level = 0; level < Depth; level++)
        {
            var collection = _collections[level];
            var idStart = position + collection.Length + 1;
            if (idStart > name.Length
                || string.CompareOrdinal(name, position, collection, 0, collection.Length) != 0
                || name[idStart - 1] != '/')
            {
                return false;
            }
            var slash = name.IndexOf('/', idStart);
            var isLast = level == Depth - 1;
            if (isLast != (slash < 0))
            {
                return false;
            }
            var id = isLast ? name[idStart..] : name[idStart..slash];
            if (!_rules[level](id))
            {
                return false;
            }
            ids[level] = id;
            position = slash + 1;
        }
        path = new ResourcePath(this, ids, name);
        return true;
    }

    /// <summary>The name made of <paramref name="ids"/>, root first.</summary>
    /// <exception cref="ArgumentException">The count is wrong, or an id contains <c>/</c> or breaks its rule.</exception>
    public ResourcePath Create(params ReadOnlySpan<string> ids)
    {
        if (ids.Length != Depth)
        {
            throw new ArgumentException($"{Template} takes {Depth} ids, not {ids.Length}.", nameof(ids));
        }
        var copy = ids.ToArray();
        for (var level = 0; level < copy.Length; level++)
        {
            if (copy[level].Contains('/', StringComparison.Ordinal) || !_rules[level](copy[level]))
            {
                throw new ArgumentException($"'{copy[level]}' is not a valid id for {_collections[level]} in {Template}.", nameof(ids));
            }
        }
        return new ResourcePath(this, copy, Format(copy));
    }

    /// <summary>The child of <paramref name="parent"/> with the id <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="parent"/> is not of <see cref="Parent"/>, or the id is invalid.</exception>
    public ResourcePath Create(ResourcePath parent, string id)
    {
        if (parent.Pattern != Parent)
        {
            throw new ArgumentException($"{parent} is not a parent of {Template}.", nameof(parent));
        }
        return Create([.. parent.Ids, id]);
    }

    private string Format(string[] ids)
    {
        var parts = new string[ids.Length * 2];
        for (var level = 0; level < ids.Length; level++)
        {
            parts[2 * level] = _collections[level];
            parts[(2 * level) + 1] = ids[level];
        }
        return string.Join('/', parts);
    }
}
