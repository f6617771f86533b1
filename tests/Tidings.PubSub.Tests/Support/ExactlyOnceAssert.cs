using Tidings.Kernel.Errors;
using Tidings.PubSub.Errors;

namespace Tidings.PubSub.Tests.Support;

/// <summary>Assertions on exactly-once ack failures: Google's code, text, reason and per-id metadata.</summary>
internal static class ExactlyOnceAssert
{
    /// <summary>The call fails with exactly these ids (and no others) listed under these codes.</summary>
    public static async Task FailsWithAsync(Func<Task> call, params (string AckId, string Code)[] expected)
    {
        var error = await PubSubAssert.ThrowsAsync(ErrorCode.InvalidArgument, call);
        Assert.Equal(
            "Some acknowledgement ids in the request were invalid. This could be because the acknowledgement ids have expired or the acknowledgement ids were malformed.",
            error.Message);
        var info = Assert.IsType<ErrorInfo>(error.Info);
        Assert.Equal("EXACTLY_ONCE_ACKID_FAILURE", info.Reason);
        Assert.Equal(PubSubErrors.Domain, info.Domain);
        Assert.Equal(expected.ToDictionary(e => e.AckId, e => e.Code).OrderBy(e => e.Key), info.Metadata.OrderBy(e => e.Key));
    }
}
