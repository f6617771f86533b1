using Tidings.Kernel.Errors;
using Tidings.PubSub.Errors;
using Tidings.PubSub.Filters;

namespace Tidings.PubSub.Tests.Filters;

/// <summary>Filters the grammar refuses: each names its problem, the 1-based character where it is, and what was found there.</summary>
public sealed class InvalidFilterTests
{
    [Theory]
    // AND and OR never mix at one level without parentheses.
    [InlineData("attributes:a AND attributes:b OR attributes:c", FilterProblem.MixedAndOr, 31, "OR")]
    [InlineData("attributes:a OR attributes:b AND attributes:c", FilterProblem.MixedAndOr, 30, "AND")]
    [InlineData("(attributes:a AND attributes:b OR attributes:c)", FilterProblem.MixedAndOr, 32, "OR")]
    // Operators are uppercase only.
    [InlineData("attributes:a and attributes:b", FilterProblem.LowercaseOperator, 14, "and")]
    [InlineData("attributes:a Or attributes:b", FilterProblem.LowercaseOperator, 14, "Or")]
    [InlineData("not attributes:a", FilterProblem.LowercaseOperator, 1, "not")]
    // A comparison is attributes.KEY op "literal", in that order, with a quoted literal.
    [InlineData("\"com\" = attributes.name", FilterProblem.LiteralOutsideComparison, 1, "\"com\"")]
    [InlineData("attributes.name = \"com\" AND (\"net\" OR \"org\")", FilterProblem.LiteralOutsideComparison, 30, "\"net\"")]
    [InlineData("attributes.name = attributes.website", FilterProblem.ExpectedValue, 19, "attributes")]
    [InlineData("attributes.name = com", FilterProblem.ExpectedValue, 19, "com")]
    [InlineData("attributes.name = 5", FilterProblem.ExpectedValue, 19, "5")]
    [InlineData("attributes.name == \"com\"", FilterProblem.ExpectedValue, 18, "=")]
    [InlineData("attributes.name < \"com\"", FilterProblem.OrderingComparison, 17, "<")]
    [InlineData("attributes.name >= \"com\"", FilterProblem.OrderingComparison, 17, ">=")]
    [InlineData("attributes.name", FilterProblem.ExpectedComparison, 16, null)]
    [InlineData("attributes.name : \"com\"", FilterProblem.ExpectedComparison, 17, ":")]
    [InlineData("attributes", FilterProblem.ExpectedAttributeAccess, 11, null)]
    [InlineData("attributes = \"x\"", FilterProblem.ExpectedAttributeAccess, 12, "=")]
    [InlineData("attributes.", FilterProblem.ExpectedKey, 12, null)]
    [InlineData("attributes:", FilterProblem.ExpectedKey, 12, null)]
    [InlineData("attributes.=\"x\"", FilterProblem.ExpectedKey, 12, "=")]
    [InlineData("attributes:a = \"x\"", FilterProblem.ExpectedOperator, 14, "=")]
    [InlineData("attributes:a attributes:b", FilterProblem.ExpectedOperator, 14, "attributes")]
    [InlineData("attributes:a.b", FilterProblem.ExpectedOperator, 13, ".")]
    // Only attributes, and only hasPrefix.
    [InlineData("data = \"x\"", FilterProblem.UnknownField, 1, "data")]
    [InlineData("orderingKey = \"k\"", FilterProblem.UnknownField, 1, "orderingKey")]
    [InlineData("hasprefix(attributes.a, \"x\")", FilterProblem.UnknownFunction, 1, "hasprefix")]
    [InlineData("startsWith (attributes.a, \"x\")", FilterProblem.UnknownFunction, 1, "startsWith")]
    [InlineData("hasPrefix attributes.a", FilterProblem.ExpectedOpeningParenthesis, 11, "attributes")]
    [InlineData("hasPrefix(a, \"x\")", FilterProblem.ExpectedAttributeReference, 11, "a")]
    [InlineData("hasPrefix(attributes:a, \"x\")", FilterProblem.ExpectedAttributeReference, 21, ":")]
    [InlineData("hasPrefix(attributes.a \"x\")", FilterProblem.ExpectedComma, 24, "\"x\"")]
    [InlineData("hasPrefix(attributes.a, x)", FilterProblem.ExpectedValue, 25, "x")]
    [InlineData("hasPrefix(attributes.a, \"x\"", FilterProblem.ExpectedClosingParenthesis, 28, null)]
    // Parentheses and missing operands.
    [InlineData("(attributes:a", FilterProblem.ExpectedClosingParenthesis, 14, null)]
    [InlineData("attributes:a)", FilterProblem.UnmatchedClosingParenthesis, 13, ")")]
    [InlineData("()", FilterProblem.ExpectedCondition, 2, ")")]
    [InlineData("   ", FilterProblem.ExpectedCondition, 4, null)]
    [InlineData("attributes:a AND", FilterProblem.ExpectedCondition, 17, null)]
    [InlineData("AND attributes:a", FilterProblem.ExpectedCondition, 1, "AND")]
    [InlineData("NOT", FilterProblem.ExpectedCondition, 4, null)]
    [InlineData("-", FilterProblem.ExpectedCondition, 2, null)]
    // Characters and escapes.
    [InlineData("attributes:\\u307F", FilterProblem.EscapeOutsideLiteral, 12, "\\u")]
    [InlineData("attributes:みんな", FilterProblem.UnexpectedCharacter, 12, "み")]
    [InlineData("attributes:a && attributes:b", FilterProblem.UnexpectedCharacter, 14, "&")]
    [InlineData("attributes:a # comment", FilterProblem.UnexpectedCharacter, 14, "#")]
    [InlineData("attributes.a ! \"x\"", FilterProblem.UnexpectedCharacter, 14, "!")]
    [InlineData("attributes.name = \"com", FilterProblem.UnterminatedString, 19, "\"com")]
    [InlineData("attributes.name = \"com\\\"", FilterProblem.UnterminatedString, 19, "\"com\\\"")]
    [InlineData("attributes.name = \"\\q\"", FilterProblem.InvalidEscape, 20, "\\q")]
    [InlineData("attributes.name = \"\\x4\"", FilterProblem.InvalidEscape, 20, "\\x4\"")]
    [InlineData("attributes.name = \"\\u12G4\"", FilterProblem.InvalidEscape, 20, "\\u12G")]
    [InlineData("attributes.name = \"\\uD800\"", FilterProblem.InvalidEscape, 20, "\\uD800")]
    [InlineData("attributes.name = \"\\U00110000\"", FilterProblem.InvalidEscape, 20, "\\U00110000")]
    [InlineData("attributes.name = \"\\400\"", FilterProblem.InvalidEscape, 20, "\\4")]
    [InlineData("attributes.name = \"\\18\"", FilterProblem.InvalidEscape, 20, "\\18")]
    [InlineData("attributes.name = \"\\u00e\"", FilterProblem.InvalidEscape, 20, "\\u00e\"")]
    public void TryParse_InvalidFilter_NamesProblemPositionAndToken(string filter, FilterProblem problem, int position, string? found)
    {
        Assert.False(MessageFilter.TryParse(filter, out _, out var error));

        Assert.Equal(new FilterError(problem, position, found), error);
    }

    [Fact]
    public void Compile_InvalidFilter_ThrowsInvalidArgumentWithTheCatalogueText()
    {
        var exception = Assert.Throws<TidingsException>(() => MessageFilter.Compile("attributes:a and attributes:b"));

        Assert.Equal(ErrorCode.InvalidArgument, exception.Code);
        Assert.Equal("Invalid filter: the operators AND, OR and NOT must be written in uppercase; found 'and' at character 14.", exception.Message);
    }

    [Fact]
    public void Compile_Empty_IsNoFilter() => Assert.Null(MessageFilter.Compile(""));

    [Fact]
    public void InvalidFilter_EveryProblem_HasItsOwnText()
    {
        var texts = Enum.GetValues<FilterProblem>().Select(problem => PubSubErrors.InvalidFilter(new FilterError(problem, 1, "x")).Message).ToList();

        Assert.Equal(texts.Count, texts.Distinct().Count());
        Assert.All(texts, text => Assert.StartsWith("Invalid filter: ", text));
    }
}
