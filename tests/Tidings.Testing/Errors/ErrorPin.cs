using Tidings.Kernel.Errors;

namespace Tidings.Testing.Errors;

/// <summary>One factory of an error catalogue, called with example arguments, and the code and text clients must see.</summary>
public sealed record ErrorPin(string Factory, Func<TidingsException> Make, ErrorCode Code, string Message);
