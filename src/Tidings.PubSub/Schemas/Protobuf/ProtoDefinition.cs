using Google.Protobuf.Reflection;
using Tidings.PubSub.Errors;

namespace Tidings.PubSub.Schemas.Protobuf;

/// <summary>
/// Parses a Protocol Buffer definition from .proto source text (proto2, proto3 or editions) with protobuf-net's
/// parser, applies Pub/Sub's rules, and compiles its one top-level message for validation. Google's rules
/// (cloud.google.com/pubsub/docs/schemas): the definition declares exactly one top-level type, and import statements
/// are not supported; nested messages and enums are.
/// </summary>
internal static class ProtoDefinition
{
    private const string Type = "PROTOCOL_BUFFER";
    private const string FileName = "schema.proto";

    public static ProtoCompiledSchema Compile(string definition)
    {
        var set = new FileDescriptorSet();
        set.Add(FileName, includeInOutput: true, new StringReader(definition));
        set.Process();
        var file = set.Files.Single(candidate => candidate.Name == FileName);
        if (file.Dependencies.Count > 0)
        {
            throw SchemaErrors.InvalidDefinition(Type, $"import statements are not supported (import \"{file.Dependencies[0]}\"); define every type the message uses inside the definition.");
        }
        if (set.GetErrors().FirstOrDefault(error => error.IsError) is { } error)
        {
            throw SchemaErrors.InvalidDefinition(Type, $"line {error.LineNumber}, column {error.ColumnNumber}: {error.Message}.");
        }
        if (file.MessageTypes.Count != 1 || file.EnumTypes.Count > 0)
        {
            throw SchemaErrors.InvalidDefinition(Type,
                $"it must define exactly one top-level type, a message; it defines {file.MessageTypes.Count} messages and {file.EnumTypes.Count} enums at the top level.");
        }
        return new ProtoCompiledSchema(new ShapeBuilder(file).Build(file.MessageTypes[0], string.IsNullOrEmpty(file.Package) ? "" : $".{file.Package}"));
    }

    /// <summary>Turns descriptors into shapes, resolving type references by their fully qualified names.</summary>
    private sealed class ShapeBuilder
    {
        private readonly Dictionary<string, ProtoMessageShape> _messages = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ProtoEnumShape> _enums = new(StringComparer.Ordinal);
        private readonly List<(ProtoFieldShape Field, string TypeName)> _references = [];
        private readonly bool _isProto2;
        private readonly bool _isEditions;

        public ShapeBuilder(FileDescriptorProto file)
        {
            _isProto2 = file.Syntax is "" or "proto2";
            _isEditions = file.Syntax == "editions";
        }

        public ProtoMessageShape Build(DescriptorProto root, string package)
        {
            var shape = Add(root, package);
            foreach (var (field, typeName) in _references)
            {
                if (_messages.TryGetValue(typeName, out var message))
                {
                    field.Message = message;
                }
                else if (_enums.TryGetValue(typeName, out var enumeration))
                {
                    field.Enum = enumeration;
                }
                else
                {
                    throw SchemaErrors.InvalidDefinition(Type, $"type not found: '{typeName.TrimStart('.')}'.");
                }
            }
            return shape;
        }

        private ProtoMessageShape Add(DescriptorProto descriptor, string prefix)
        {
            var fullName = $"{prefix}.{descriptor.Name}";
            var shape = new ProtoMessageShape(fullName.TrimStart('.'), descriptor.Options?.MapEntry ?? false);
            _messages[fullName] = shape;
            foreach (var nested in descriptor.NestedTypes)
            {
                Add(nested, fullName);
            }
            foreach (var enumeration in descriptor.EnumTypes)
            {
                _enums[$"{fullName}.{enumeration.Name}"] = new ProtoEnumShape($"{fullName}.{enumeration.Name}".TrimStart('.'), enumeration.Values);
            }
            foreach (var descriptorField in descriptor.Fields)
            {
                var field = new ProtoFieldShape
                {
                    Name = descriptorField.Name,
                    JsonName = string.IsNullOrEmpty(descriptorField.JsonName) ? descriptorField.Name : descriptorField.JsonName,
                    Number = descriptorField.Number,
                    Kind = descriptorField.type,
                    IsRepeated = descriptorField.label == FieldDescriptorProto.Label.LabelRepeated,
                    IsRequired = descriptorField.label == FieldDescriptorProto.Label.LabelRequired
                        || (_isEditions && descriptorField.Options?.Features?.field_presence == FeatureSet.FieldPresence.LegacyRequired),
                    ValidatesUtf8 = !_isProto2,
                    OneofIndex = descriptorField.ShouldSerializeOneofIndex() ? descriptorField.OneofIndex : -1,
                };
                shape.ByNumber[field.Number] = field;
                shape.ByJsonName[field.JsonName] = field;
                shape.ByJsonName[field.Name] = field;
                if (field.IsRequired)
                {
                    shape.Required.Add(field);
                }
                if (field.Kind is FieldDescriptorProto.Type.TypeMessage or FieldDescriptorProto.Type.TypeGroup or FieldDescriptorProto.Type.TypeEnum)
                {
                    _references.Add((field, descriptorField.TypeName));
                }
            }
            return shape;
        }
    }
}
