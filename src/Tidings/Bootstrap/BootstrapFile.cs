using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tidings.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tidings.Bootstrap;

/// <summary>
/// A bootstrap file (<c>--bootstrap</c>, docs/bootstrap.md): optional <c>project</c> and <c>location</c> used to
/// complete short names, and lists <c>schemas</c>, <c>topics</c>, <c>subscriptions</c>, <c>queues</c> and
/// <c>jobs</c> of resources written with the REST API's field names. Reading it checks its shape only; the API checks the resources when
/// they are applied.
/// </summary>
internal sealed partial class BootstrapFile
{
    private static readonly Dictionary<string, BootstrapKind> _lists = new(StringComparer.Ordinal)
    {
        ["schemas"] = BootstrapKind.Schema,
        ["topics"] = BootstrapKind.Topic,
        ["subscriptions"] = BootstrapKind.Subscription,
        ["queues"] = BootstrapKind.Queue,
        ["jobs"] = BootstrapKind.Job,
    };

    private BootstrapFile(string path, IReadOnlyList<BootstrapDeclaration> declarations)
    {
        Path = path;
        Declarations = declarations;
    }

    /// <summary>The file's absolute path, as error messages name it.</summary>
    public string Path { get; }

    /// <summary>The declarations in the order they are applied: by <see cref="BootstrapKind"/>, then as written.</summary>
    public IReadOnlyList<BootstrapDeclaration> Declarations { get; }

    /// <exception cref="TidingsConfigurationException">The file cannot be read, is not YAML, or is not shaped as a bootstrap file; the message names the line.</exception>
    public static BootstrapFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TidingsConfigurationException($"Cannot read the bootstrap file '{path}': {ex.Message}", ex);
        }

        try
        {
            return Parse(path, text);
        }
        catch (YamlException ex)
        {
            throw new TidingsConfigurationException($"Bootstrap file '{path}' line {ex.Start.Line}: {WithoutPosition(ex.Message)}", ex);
        }
    }

    /// <summary>Reads <paramref name="text"/> as the content of <paramref name="path"/>.</summary>
    /// <exception cref="YamlException">Not YAML, or not a bootstrap file; the exception's start is the offending node.</exception>
    public static BootstrapFile Parse(string path, string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0)
        {
            return new BootstrapFile(path, []);
        }
        if (stream.Documents.Count > 1)
        {
            throw Error(stream.Documents[1].RootNode, "A bootstrap file holds one YAML document.");
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Error(stream.Documents[0].RootNode, "A bootstrap file is a mapping of project, location, schemas, topics, subscriptions, queues and jobs.");
        }

        var names = new ShortNames(ScalarOrNull(root, "project"), ScalarOrNull(root, "location"));
        var declarations = new List<BootstrapDeclaration>();
        foreach (var (key, value) in root.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (name is "project" or "location")
            {
                continue;
            }
            if (!_lists.TryGetValue(name, out var kind))
            {
                throw Error(key, $"Unknown key '{name}': expected project, location, schemas, topics, subscriptions, queues or jobs.");
            }
            if (value is YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" })
            {
                continue; // "topics:" with nothing under it
            }
            if (value is not YamlSequenceNode entries)
            {
                throw Error(value, $"'{name}' must be a list of resources ('- name: ...').");
            }

            declarations.AddRange(entries.Children.Select(entry => Declare(kind, entry, names)));
        }

        return new BootstrapFile(path, [.. declarations.OrderBy(d => d.Kind)]);
    }

    private static BootstrapDeclaration Declare(BootstrapKind kind, YamlNode entry, ShortNames names)
    {
        if (entry is not YamlMappingNode mapping)
        {
            throw Error(entry, "Each resource is a mapping of its fields, starting with 'name'.");
        }

        var body = YamlJson.ToObject(mapping);
        if (body["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name) || name.Length == 0)
        {
            throw Error(entry, "This resource has no 'name'.");
        }

        var line = (int)entry.Start.Line;
        var fullName = names.Complete(kind, name, entry);
        body["name"] = fullName;
        switch (kind)
        {
            case BootstrapKind.Topic:
                CompleteName(body["schemaSettings"] as JsonObject, "schema", BootstrapKind.Schema, names, entry);
                break;
            case BootstrapKind.Subscription:
                CompleteTopic(body, "topic", names, entry);
                CompleteTopic(body["deadLetterPolicy"] as JsonObject, "deadLetterTopic", names, entry);
                break;
            case BootstrapKind.Job:
                CompleteTopic(body["pubsubTarget"] as JsonObject, "topicName", names, entry);
                break;
        }

        return new BootstrapDeclaration(kind, line, fullName, body);
    }

    private static void CompleteTopic(JsonObject? parent, string field, ShortNames names, YamlNode entry) =>
        CompleteName(parent, field, BootstrapKind.Topic, names, entry);

    private static void CompleteName(JsonObject? parent, string field, BootstrapKind kind, ShortNames names, YamlNode entry)
    {
        if (parent?[field] is JsonValue value && value.TryGetValue<string>(out var name) && name.Length > 0)
        {
            parent[field] = names.Complete(kind, name, entry);
        }
    }

    private static string? ScalarOrNull(YamlMappingNode root, string key)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return null;
        }
        return node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value
            : throw Error(node, $"'{key}' must be a single name.");
    }

    internal static YamlException Error(YamlNode node, string message) => new(node.Start, node.End, message);

    // YamlDotNet's messages start with "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 9, Idx: 24): "; the line is said already.
    private static string WithoutPosition(string message) => PositionPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: [^)]*\) - \(Line: [^)]*\): ", RegexOptions.CultureInvariant)]
    private static partial Regex PositionPrefix();
}
