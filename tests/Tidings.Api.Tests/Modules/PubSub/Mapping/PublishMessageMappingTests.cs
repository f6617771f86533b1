using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Tidings.Api.Modules.PubSub.Mapping;

namespace Tidings.Api.Tests.Modules.PubSub.Mapping;

/// <summary>Published messages from the wire into the domain, payloads shared rather than copied.</summary>
public sealed class PublishMessageMappingTests
{
    [Fact]
    public void ToDomain_EveryField_IsCopiedInOrder()
    {
        var request = new PublishRequest
        {
            Messages =
            {
                new PubsubMessage { Data = ByteString.CopyFromUtf8("first"), Attributes = { ["k"] = "v", ["a"] = "b" }, OrderingKey = "key" },
                new PubsubMessage { Data = ByteString.CopyFromUtf8("second"), OrderingKey = "key" },
            },
        };

        var messages = MessageMapping.ToDomain(request);

        Assert.Equal(2, messages.Length);
        Assert.Equal("first"u8.ToArray(), messages[0].Data.ToArray());
        Assert.Equal([KeyValuePair.Create("k", "v"), KeyValuePair.Create("a", "b")], messages[0].Attributes);
        Assert.Equal("key", messages[0].OrderingKey);
        Assert.Equal("second"u8.ToArray(), messages[1].Data.ToArray());
        Assert.Empty(messages[1].Attributes);
    }

    [Fact]
    public void ToDomain_Data_SharesTheRequestsBuffer()
    {
        var request = new PublishRequest { Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("payload") } } };

        var message = Assert.Single(MessageMapping.ToDomain(request));

        Assert.True(request.Messages[0].Data.Memory.Equals(message.Data));
    }

    [Fact]
    public void ToDomain_MessageWithoutDataOrAttributes_IsPassedOnForTheDomainToRefuse()
    {
        var message = Assert.Single(MessageMapping.ToDomain(new PublishRequest { Messages = { new PubsubMessage() } }));

        Assert.True(message.Data.IsEmpty);
        Assert.Empty(message.Attributes);
        Assert.Equal("", message.OrderingKey);
    }

    [Fact]
    public void ToDomain_NoMessages_IsEmpty() => Assert.Empty(MessageMapping.ToDomain(new PublishRequest()));
}
