namespace Tidings.PubSub.Filters;

/// <param name="Position">1-based character where the problem is (for <see cref="FilterProblem.TooLong"/>, 1).</param>
/// <param name="Found">What was written there, or null at the end of the filter; for <see cref="FilterProblem.TooLong"/>, the length in bytes.</param>
public readonly record struct FilterError(FilterProblem Problem, int Position, string? Found);
