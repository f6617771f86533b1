using Tidings.Kernel.Errors;

namespace Tidings.PubSub.Tests.Support;

/// <summary>Assertions on domain errors: the code and, where Google's text is pinned, the exact message.</summary>
internal static class PubSubAssert
{
    public static TidingsException Throws(ErrorCode code, Action action)
    {
        var error = Assert.Throws<TidingsException>(action);
        Assert.Equal(code, error.Code);
        return error;
    }

    public static void Throws(ErrorCode code, string message, Action action) =>
        Assert.Equal(message, Throws(code, action).Message);

    public static async Task<TidingsException> ThrowsAsync(ErrorCode code, Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<TidingsException>(action);
        Assert.Equal(code, error.Code);
        return error;
    }
}
