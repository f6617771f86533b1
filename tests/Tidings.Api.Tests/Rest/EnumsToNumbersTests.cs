using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Tidings.Api.Rest;

namespace Tidings.Api.Tests.Rest;

/// <summary>Enum names in a response's JSON become numbers wherever the message's descriptor puts an enum.</summary>
public sealed class EnumsToNumbersTests
{
    /// <summary>
    /// <c>test.Shape</c>: an enum <c>Color</c> (UNSPECIFIED 0, RED 1, BLUE 2) as a singular, repeated and map-valued
    /// field, a nested and a repeated <c>Shape</c>, a string, and a Timestamp.
    /// </summary>
    private static readonly MessageDescriptor Shape = BuildShape();

    private static JsonObject Rewritten(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        EnumsToNumbers.Rewrite(node, Shape);
        return node;
    }

    private static void AssertJson(string expected, JsonObject actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual.ToJsonString());

    [Fact]
    public void Rewrite_SingularEnum_BecomesItsNumber() =>
        AssertJson("""{"color":2}""", Rewritten("""{"color":"BLUE"}"""));

    [Fact]
    public void Rewrite_RepeatedEnum_EveryElementBecomesItsNumber() =>
        AssertJson("""{"colors":[1,2,1]}""", Rewritten("""{"colors":["RED","BLUE","RED"]}"""));

    [Fact]
    public void Rewrite_MapOfEnums_EveryValueBecomesItsNumber() =>
        AssertJson("""{"colorByName":{"sky":2,"rose":1}}""", Rewritten("""{"colorByName":{"sky":"BLUE","rose":"RED"}}"""));

    [Fact]
    public void Rewrite_NestedMessages_AreRewrittenAtAnyDepth() =>
        AssertJson(
            """{"child":{"color":1,"child":{"colors":[2]}},"children":[{"color":2},{"name":"plain"}]}""",
            Rewritten("""{"child":{"color":"RED","child":{"colors":["BLUE"]}},"children":[{"color":"BLUE"},{"name":"plain"}]}"""));

    [Fact]
    public void Rewrite_StringsAndWellKnownTypes_AreLeftAlone() =>
        AssertJson(
            """{"name":"RED","when":"2026-11-29T12:00:00Z","color":1}""",
            Rewritten("""{"name":"RED","when":"2026-11-29T12:00:00Z","color":"RED"}"""));

    [Fact]
    public void Rewrite_NumberOrUnknownName_IsKept() =>
        AssertJson("""{"color":7,"colors":["PURPLE",2]}""", Rewritten("""{"color":7,"colors":["PURPLE","BLUE"]}"""));

    [Fact]
    public void Rewrite_FieldsNotInTheDescriptor_AreLeftAlone() =>
        AssertJson("""{"other":"RED","color":2}""", Rewritten("""{"other":"RED","color":"BLUE"}"""));

    [Fact]
    public void Rewrite_PubSubSubscription_StateBecomesANumber()
    {
        var json = JsonNode.Parse("""{"name":"projects/p/subscriptions/s","state":"ACTIVE","pushConfig":{}}""")!.AsObject();

        EnumsToNumbers.Rewrite(json, Google.Cloud.PubSub.V1.Subscription.Descriptor);

        AssertJson("""{"name":"projects/p/subscriptions/s","state":1,"pushConfig":{}}""", json);
    }

    [Fact]
    public void CanHoldEnums_ResponsesWithAnEnumSomewhere_AreTheOnesToRewrite()
    {
        Assert.True(EnumsToNumbers.CanHoldEnums(Shape));
        Assert.True(EnumsToNumbers.CanHoldEnums(Google.Cloud.PubSub.V1.Topic.Descriptor));
        Assert.True(EnumsToNumbers.CanHoldEnums(Google.Cloud.PubSub.V1.ListSubscriptionsResponse.Descriptor));
        Assert.False(EnumsToNumbers.CanHoldEnums(Google.Cloud.PubSub.V1.PullResponse.Descriptor));
        Assert.False(EnumsToNumbers.CanHoldEnums(Google.Cloud.PubSub.V1.PublishResponse.Descriptor));
        Assert.False(EnumsToNumbers.CanHoldEnums(Empty.Descriptor));
    }

    private static MessageDescriptor BuildShape()
    {
        var file = new FileDescriptorProto
        {
            Name = "tidings_test_shape.proto",
            Package = "test",
            Syntax = "proto3",
            Dependency = { "google/protobuf/timestamp.proto" },
            EnumType =
            {
                new EnumDescriptorProto
                {
                    Name = "Color",
                    Value =
                    {
                        new EnumValueDescriptorProto { Name = "COLOR_UNSPECIFIED", Number = 0 },
                        new EnumValueDescriptorProto { Name = "RED", Number = 1 },
                        new EnumValueDescriptorProto { Name = "BLUE", Number = 2 },
                    },
                },
            },
        };
        var entry = new DescriptorProto
        {
            Name = "ColorByNameEntry",
            Options = new MessageOptions { MapEntry = true },
            Field =
            {
                Field("key", 1, FieldDescriptorProto.Types.Type.String),
                Field("value", 2, FieldDescriptorProto.Types.Type.Enum, ".test.Color"),
            },
        };
        var shape = new DescriptorProto
        {
            Name = "Shape",
            NestedType = { entry },
            Field =
            {
                Field("color", 1, FieldDescriptorProto.Types.Type.Enum, ".test.Color"),
                Field("colors", 2, FieldDescriptorProto.Types.Type.Enum, ".test.Color", repeated: true),
                Field("color_by_name", 3, FieldDescriptorProto.Types.Type.Message, ".test.Shape.ColorByNameEntry", repeated: true),
                Field("child", 4, FieldDescriptorProto.Types.Type.Message, ".test.Shape"),
                Field("children", 5, FieldDescriptorProto.Types.Type.Message, ".test.Shape", repeated: true),
                Field("name", 6, FieldDescriptorProto.Types.Type.String),
                Field("when", 7, FieldDescriptorProto.Types.Type.Message, ".google.protobuf.Timestamp"),
            },
        };
        file.MessageType.Add(shape);
        var built = FileDescriptor.BuildFromByteStrings([Timestamp.Descriptor.File.SerializedData, file.ToByteString()]);
        return built[1].FindTypeByName<MessageDescriptor>("Shape");
    }

    private static FieldDescriptorProto Field(string name, int number, FieldDescriptorProto.Types.Type type, string? typeName = null, bool repeated = false)
    {
        var field = new FieldDescriptorProto
        {
            Name = name,
            Number = number,
            Type = type,
            Label = repeated ? FieldDescriptorProto.Types.Label.Repeated : FieldDescriptorProto.Types.Label.Optional,
            JsonName = ToJsonName(name),
        };
        if (typeName is not null)
        {
            field.TypeName = typeName;
        }
        return field;
    }

    private static string ToJsonName(string name) =>
        string.Concat(name.Split('_').Select((part, i) => i == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
}
