namespace Tidings.PubSub.Filters;

/// <summary>Unwinds the lexer and parser at the first problem; never leaves <see cref="MessageFilter.TryParse"/>.</summary>
internal sealed class FilterSyntaxException(FilterError error) : Exception(error.Problem.ToString())
{
    public FilterError Error { get; } = error;
}
