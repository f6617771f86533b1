using System.Text;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Filters;

namespace Tidings.PubSub.Tests.Filters;

/// <summary>The 256-byte limit counts UTF-8 bytes of the filter as written, escapes and all.</summary>
public sealed class FilterLengthTests
{
    /// <summary>A valid filter of exactly <paramref name="bytes"/> UTF-8 bytes: a value of <paramref name="filler"/>, topped up with 'a'.</summary>
    private static string FilterOf(int bytes, string filler)
    {
        const string Frame = "attributes.k = \"\"";
        var room = bytes - Frame.Length;
        var fillers = room / Encoding.UTF8.GetByteCount(filler);
        var value = string.Concat(Enumerable.Repeat(filler, fillers)) + new string('a', room - (fillers * Encoding.UTF8.GetByteCount(filler)));
        var filter = Frame.Insert(Frame.Length - 1, value);
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(filter));
        return filter;
    }

    [Theory]
    [InlineData("a")]
    [InlineData("é")]
    public void TryParse_ExactlyTheLimit_Accepted(string filler)
    {
        var filter = FilterOf(MessageFilter.MaxLengthBytes, filler);

        Assert.True(MessageFilter.TryParse(filter, out _, out _));
    }

    [Fact]
    public void TryParse_OneAsciiByteOver_RefusedWithItsLength()
    {
        var filter = FilterOf(MessageFilter.MaxLengthBytes, "a") + " ";

        Assert.False(MessageFilter.TryParse(filter, out _, out var error));
        Assert.Equal(new FilterError(FilterProblem.TooLong, 1, "257"), error);
        Assert.Equal("Invalid filter: the filter is 257 bytes long, but the maximum is 256 bytes.", PubSubErrors.InvalidFilter(error).Message);
    }

    [Fact]
    public void TryParse_UnderTheLimitInCharactersButOverInBytes_Refused()
    {
        var filter = FilterOf(MessageFilter.MaxLengthBytes, "é") + " ";

        Assert.True(filter.Length < MessageFilter.MaxLengthBytes);
        Assert.False(MessageFilter.TryParse(filter, out _, out var error));
        Assert.Equal(FilterProblem.TooLong, error.Problem);
    }
}
