using Tidings.Kernel.Errors;
using Tidings.PubSub.Errors;

namespace Tidings.PubSub.Tests.Errors;

/// <summary>The error catalogue: the codes and the texts users match on (§0 item 11).</summary>
public sealed class PubSubErrorsTests
{
    [Fact]
    public void AlreadyExists_Id_GoogleText()
    {
        var error = PubSubErrors.AlreadyExists("orders");

        Assert.Equal(ErrorCode.AlreadyExists, error.Code);
        Assert.Equal("Resource already exists in the project (resource=orders).", error.Message);
    }

    [Fact]
    public void NotFound_Id_GoogleText()
    {
        var error = PubSubErrors.NotFound("orders");

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Resource not found (resource=orders).", error.Message);
    }

    [Fact]
    public void InvalidName_CollectionAndName_GoogleText()
    {
        var error = PubSubErrors.InvalidName("topics", "projects/p/topics/1abc");

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("Invalid [topics] name: (name=projects/p/topics/1abc)", error.Message);
    }

    [Fact]
    public void InvalidAckId_AckId_GoogleText()
    {
        var error = PubSubErrors.InvalidAckId("bad");

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("You have passed an invalid ack ID to the service (ack_id=bad).", error.Message);
    }

    [Fact]
    public void SubscriptionDetached_FailedPrecondition()
    {
        var error = PubSubErrors.SubscriptionDetached();

        Assert.Equal(ErrorCode.FailedPrecondition, error.Code);
        Assert.Equal("Subscription is detached.", error.Message);
    }

    [Fact]
    public void ErrorCode_Values_MatchGrpcStatusCodes()
    {
        Assert.Equal(3, (int)ErrorCode.InvalidArgument);
        Assert.Equal(5, (int)ErrorCode.NotFound);
        Assert.Equal(6, (int)ErrorCode.AlreadyExists);
        Assert.Equal(9, (int)ErrorCode.FailedPrecondition);
        Assert.Equal(12, (int)ErrorCode.Unimplemented);
        Assert.Equal(14, (int)ErrorCode.Unavailable);
    }
}
