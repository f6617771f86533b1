namespace Tidings.PubSub.Filters;

internal enum FilterTokenKind
{
    End,
    LeftParenthesis,
    RightParenthesis,
    Comma,
    Dot,
    Colon,
    Equals,
    NotEquals,
    Minus,

    /// <summary>A quoted literal; the token's value is the literal with its escapes resolved.</summary>
    String,

    /// <summary>Letters, digits and underscores: keywords, <c>attributes</c>, function names, unquoted keys.</summary>
    Word,

    /// <summary><c>&lt;</c>, <c>&gt;</c>, <c>&lt;=</c>, <c>&gt;=</c>: comparisons of the general filter language that Pub/Sub lacks.</summary>
    Ordering,
}
