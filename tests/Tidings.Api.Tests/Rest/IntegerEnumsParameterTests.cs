using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Tidings.Api.Rest;

namespace Tidings.Api.Tests.Rest;

/// <summary>Which query strings ask for enum numbers: Google's <c>$alt</c> system parameter with <c>enum-encoding=int</c>.</summary>
public sealed class IntegerEnumsParameterTests
{
    private static bool Asks(string query) =>
        RestEnumEncodingMiddleware.AsksForIntegerEnums(new QueryCollection(QueryHelpers.ParseQuery(query)));

    [Theory]
    [InlineData("?$alt=json%3Benum-encoding=int")]
    [InlineData("?$alt=json;enum-encoding=int")]
    [InlineData("?alt=json%3Benum-encoding%3Dint")]
    [InlineData("?$alt=json%3B%20enum-encoding=int&$prettyPrint=0")]
    [InlineData("?pageSize=2&$alt=json%3Benum-encoding=INT")]
    public void AsksForIntegerEnums_AltWithTheParameter_IsTrue(string query) => Assert.True(Asks(query));

    [Theory]
    [InlineData("")]
    [InlineData("?$alt=json")]
    [InlineData("?$alt=json%3Benum-encoding=string")]
    [InlineData("?enum-encoding=int")]
    [InlineData("?$alt=enum-encoding=int")]
    public void AsksForIntegerEnums_OtherwiseIsFalse(string query) => Assert.False(Asks(query));
}
