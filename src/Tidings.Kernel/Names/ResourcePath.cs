namespace Tidings.Kernel.Names;

/// <summary>
/// A parsed full resource name: its <see cref="ResourcePattern"/> and the ids that fill it, e.g.
/// <c>projects/p/locations/l/queues/q</c> with ids <c>p</c>, <c>l</c>, <c>q</c>. Equal when pattern and name are.
/// Made only by <see cref="ResourcePattern.TryParse"/> and <see cref="ResourcePattern.Create(ReadOnlySpan{string})"/>.
/// </summary>
public sealed class ResourcePath : IEquatable<ResourcePath>
{
    private readonly string[] _ids;

    internal ResourcePath(ResourcePattern pattern, string[] ids, string fullName)
    {
        Pattern = pattern;
        _ids = ids;
        FullName = fullName;
    }

    public ResourcePattern Pattern { get; }

    public string FullName { get; }

    /// <summary>One id per level, root first.</summary>
    public IReadOnlyList<string> Ids => _ids;

    /// <summary>The resource's own id, the last segment.</summary>
    public string Id => _ids[^1];

    /// <summary>The id after <c>projects</c>.</summary>
    /// <exception cref="InvalidOperationException">The pattern has no <c>projects</c> level.</exception>
    public string Project => this["projects"];

    /// <summary>The id after <c>locations</c>, or null for a name without one.</summary>
    public string? Location => TryGetId("locations", out var id) ? id : null;

    /// <summary>The id that follows <paramref name="collection"/>, e.g. <c>task["queues"]</c> is the queue's id.</summary>
    /// <exception cref="InvalidOperationException">The pattern has no such level.</exception>
    public string this[string collection] => TryGetId(collection, out var id)
        ? id
        : throw new InvalidOperationException($"{Pattern.Template} has no '{collection}' level.");

    /// <summary>The name one level up (a task's queue, a queue's location), or null for a root.</summary>
    public ResourcePath? Parent => Pattern.Parent is { } parent
        ? new ResourcePath(parent, _ids[..^1], FullName[..(FullName.Length - Pattern.Collection.Length - Id.Length - 2)])
        : null;

    public bool TryGetId(string collection, out string id)
    {
        var level = IndexOf(Pattern.Collections, collection);
        id = level >= 0 ? _ids[level] : "";
        return level >= 0;
    }

    public bool Equals(ResourcePath? other) =>
        other is not null && Pattern == other.Pattern && string.Equals(FullName, other.FullName, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ResourcePath);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(FullName);

    public override string ToString() => FullName;

    private static int IndexOf(IReadOnlyList<string> collections, string collection)
    {
        for (var i = 0; i < collections.Count; i++)
        {
            if (string.Equals(collections[i], collection, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}
