using Tidings.Kernel.Names;

namespace Tidings.Kernel.Tests.Names;

/// <summary>The shared id rules: letters and digits plus given symbols within a length range.</summary>
public sealed class SegmentRulesTests
{
    private static readonly SegmentRule QueueId = SegmentRules.Characters("-", 1, 100);

    [Theory]
    [InlineData("q")]
    [InlineData("Emails-2")]
    [InlineData("0starts-with-digit")]
    public void Characters_AllowedCharacters_Accepted(string id)
    {
        Assert.True(QueueId(id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("under_score")]
    [InlineData("dot.ted")]
    [InlineData("spa ce")]
    [InlineData("ümlaut")] // letters are ASCII only
    public void Characters_OtherCharactersOrEmpty_Refused(string id)
    {
        Assert.False(QueueId(id));
    }

    [Fact]
    public void Characters_LengthBounds_Inclusive()
    {
        var rule = SegmentRules.Characters("", 3, 5);

        Assert.False(rule("ab"));
        Assert.True(rule("abc"));
        Assert.True(rule("abcde"));
        Assert.False(rule("abcdef"));
    }

    [Fact]
    public void Characters_SlashAsSymbol_Throws()
    {
        Assert.Throws<ArgumentException>(() => SegmentRules.Characters("-/", 1, 10));
    }

    [Fact]
    public void AnyAndNonEmpty_DifferOnlyOnTheEmptyId()
    {
        Assert.True(SegmentRules.Any(""));
        Assert.False(SegmentRules.NonEmpty(""));
        Assert.True(SegmentRules.NonEmpty("x"));
    }
}
