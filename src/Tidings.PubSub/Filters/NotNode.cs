namespace Tidings.PubSub.Filters;

/// <summary><c>NOT x</c> and its alias <c>-x</c>.</summary>
internal sealed class NotNode(FilterNode operand) : FilterNode
{
    public FilterNode Operand { get; } = operand;

    public override bool Matches(ReadOnlySpan<KeyValuePair<string, string>> attributes) => !Operand.Matches(attributes);
}
