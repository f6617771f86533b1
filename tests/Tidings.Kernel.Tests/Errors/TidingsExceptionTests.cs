using Tidings.Kernel.Errors;

namespace Tidings.Kernel.Tests.Errors;

/// <summary>The domain exception: code and message always, Google's details only when given.</summary>
public sealed class TidingsExceptionTests
{
    [Fact]
    public void New_CodeAndMessageOnly_HasNoDetails()
    {
        var error = new TidingsException(ErrorCode.NotFound, "Resource not found (resource=t).");

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Resource not found (resource=t).", error.Message);
        Assert.Null(error.Info);
        Assert.Empty(error.FieldViolations);
        Assert.False(error.HasDetails);
    }

    [Fact]
    public void New_ErrorInfo_HasDetails()
    {
        var info = new ErrorInfo("EXACTLY_ONCE_ACKID_FAILURE", "pubsub.googleapis.com",
            new Dictionary<string, string> { ["ack-1"] = "PERMANENT_FAILURE_INVALID_ACK_ID" });

        var error = new TidingsException(ErrorCode.InvalidArgument, "Some acknowledgement ids in the request were invalid.", info);

        Assert.True(error.HasDetails);
        Assert.Same(info, error.Info);
        Assert.Equal("PERMANENT_FAILURE_INVALID_ACK_ID", error.Info!.Metadata["ack-1"]);
    }

    [Fact]
    public void New_FieldViolations_HasDetails()
    {
        var error = new TidingsException(ErrorCode.InvalidArgument, "Bad task.",
            fieldViolations: [new FieldViolation("task.schedule_time", "must be within 30 days")]);

        Assert.True(error.HasDetails);
        Assert.Null(error.Info);
        Assert.Equal(new FieldViolation("task.schedule_time", "must be within 30 days"), Assert.Single(error.FieldViolations));
    }

    [Fact]
    public void ErrorInfo_WithoutMetadata_HasAnEmptyMap()
    {
        Assert.Empty(new ErrorInfo("REASON", "example.googleapis.com").Metadata);
    }
}
