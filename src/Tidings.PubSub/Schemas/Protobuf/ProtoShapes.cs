using Google.Protobuf.Reflection;

namespace Tidings.PubSub.Schemas.Protobuf;

/// <summary>A message type compiled for validation: its fields by number and by JSON and proto name.</summary>
internal sealed class ProtoMessageShape(string fullName, bool isMapEntry)
{
    public string FullName { get; } = fullName;

    public bool IsMapEntry { get; } = isMapEntry;

    public Dictionary<int, ProtoFieldShape> ByNumber { get; } = [];

    /// <summary>Both spellings a JSON member may use: the lowerCamelCase JSON name and the proto field name.</summary>
    public Dictionary<string, ProtoFieldShape> ByJsonName { get; } = new(StringComparer.Ordinal);

    public List<ProtoFieldShape> Required { get; } = [];
}

/// <summary>One field of a <see cref="ProtoMessageShape"/>.</summary>
internal sealed class ProtoFieldShape
{
    public required string Name { get; init; }

    public required string JsonName { get; init; }

    public required int Number { get; init; }

    public required FieldDescriptorProto.Type Kind { get; init; }

    public required bool IsRepeated { get; init; }

    public required bool IsRequired { get; init; }

    /// <summary>Proto3 and editions check that strings are UTF-8; proto2 does not.</summary>
    public required bool ValidatesUtf8 { get; init; }

    /// <summary>The oneof the field belongs to (proto3 optional fields each have their own), or -1.</summary>
    public required int OneofIndex { get; init; }

    /// <summary>Set after all shapes exist, since message types may refer to each other.</summary>
    public ProtoMessageShape? Message { get; set; }

    public ProtoEnumShape? Enum { get; set; }

    /// <summary>The type as a .proto file writes it, for error texts.</summary>
    public string TypeName => Message?.FullName ?? Enum?.FullName ?? ProtoTypes.Keyword(Kind);
}

/// <summary>An enum type: its value names and numbers.</summary>
internal sealed class ProtoEnumShape(string fullName, IEnumerable<EnumValueDescriptorProto> values)
{
    public string FullName { get; } = fullName;

    public HashSet<string> Names { get; } = [.. values.Select(value => value.Name)];

    public HashSet<int> Numbers { get; } = [.. values.Select(value => value.Number)];
}
