using Google.Protobuf.Reflection;

namespace Tidings.PubSub.Schemas.Protobuf;

/// <summary>Facts about field types: the keyword a .proto file uses and the wire type that encodes each.</summary>
internal static class ProtoTypes
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int StartGroup = 3;
    public const int EndGroup = 4;
    public const int Fixed32 = 5;

    public static int WireType(FieldDescriptorProto.Type kind) => kind switch
    {
        FieldDescriptorProto.Type.TypeDouble or FieldDescriptorProto.Type.TypeFixed64 or FieldDescriptorProto.Type.TypeSfixed64 => Fixed64,
        FieldDescriptorProto.Type.TypeFloat or FieldDescriptorProto.Type.TypeFixed32 or FieldDescriptorProto.Type.TypeSfixed32 => Fixed32,
        FieldDescriptorProto.Type.TypeString or FieldDescriptorProto.Type.TypeBytes or FieldDescriptorProto.Type.TypeMessage => LengthDelimited,
        FieldDescriptorProto.Type.TypeGroup => StartGroup,
        _ => Varint,
    };

    /// <summary>Scalar numeric types, which a repeated field may also send packed (one length-delimited run).</summary>
    public static bool IsPackable(FieldDescriptorProto.Type kind) => WireType(kind) is Varint or Fixed32 or Fixed64;

    public static string Keyword(FieldDescriptorProto.Type kind) => kind switch
    {
        FieldDescriptorProto.Type.TypeDouble => "double",
        FieldDescriptorProto.Type.TypeFloat => "float",
        FieldDescriptorProto.Type.TypeInt64 => "int64",
        FieldDescriptorProto.Type.TypeUint64 => "uint64",
        FieldDescriptorProto.Type.TypeInt32 => "int32",
        FieldDescriptorProto.Type.TypeFixed64 => "fixed64",
        FieldDescriptorProto.Type.TypeFixed32 => "fixed32",
        FieldDescriptorProto.Type.TypeBool => "bool",
        FieldDescriptorProto.Type.TypeString => "string",
        FieldDescriptorProto.Type.TypeGroup => "group",
        FieldDescriptorProto.Type.TypeMessage => "message",
        FieldDescriptorProto.Type.TypeBytes => "bytes",
        FieldDescriptorProto.Type.TypeUint32 => "uint32",
        FieldDescriptorProto.Type.TypeEnum => "enum",
        FieldDescriptorProto.Type.TypeSfixed32 => "sfixed32",
        FieldDescriptorProto.Type.TypeSfixed64 => "sfixed64",
        FieldDescriptorProto.Type.TypeSint32 => "sint32",
        FieldDescriptorProto.Type.TypeSint64 => "sint64",
        _ => kind.ToString(),
    };
}
