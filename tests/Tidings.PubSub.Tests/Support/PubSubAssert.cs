using Tidings.PubSub.Errors;

namespace Tidings.PubSub.Tests.Support;

/// <summary>Assertions on domain errors: the code and, where Google's text is pinned, the exact message.</summary>
internal static class PubSubAssert
{
    public static PubSubException Throws(ErrorCode code, Action action)
    {
        var error = Assert.Throws<PubSubException>(action);
        Assert.Equal(code, error.Code);
        return error;
    }

    public static void Throws(ErrorCode code, string message, Action action) =>
        Assert.Equal(message, Throws(code, action).Message);

    public static async Task<PubSubException> ThrowsAsync(ErrorCode code, Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<PubSubException>(action);
        Assert.Equal(code, error.Code);
        return error;
    }
}
