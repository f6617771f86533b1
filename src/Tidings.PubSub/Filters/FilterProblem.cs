namespace Tidings.PubSub.Filters;

/// <summary>What is wrong with a filter; <see cref="Errors.PubSubErrors.InvalidFilter"/> words each for the client.</summary>
public enum FilterProblem
{
    TooLong,
    UnexpectedCharacter,
    EscapeOutsideLiteral,
    UnterminatedString,
    InvalidEscape,
    LowercaseOperator,
    MixedAndOr,
    ExpectedCondition,
    LiteralOutsideComparison,
    UnknownField,
    UnknownFunction,
    ExpectedAttributeAccess,
    ExpectedKey,
    ExpectedComparison,
    ExpectedAttributeReference,
    OrderingComparison,
    ExpectedValue,
    ExpectedComma,
    ExpectedClosingParenthesis,
    ExpectedOpeningParenthesis,
    UnmatchedClosingParenthesis,
    ExpectedOperator,
}
