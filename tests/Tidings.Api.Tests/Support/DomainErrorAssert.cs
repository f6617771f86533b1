using Tidings.Kernel.Errors;

namespace Tidings.Api.Tests.Support;

/// <summary>Asserts that the mapping refuses input with exactly the error the catalogue gives.</summary>
internal static class DomainErrorAssert
{
    public static void Throws(TidingsException expected, Action action)
    {
        var error = Assert.Throws<TidingsException>(action);
        Assert.Equal(expected.Code, error.Code);
        Assert.Equal(expected.Message, error.Message);
    }
}
