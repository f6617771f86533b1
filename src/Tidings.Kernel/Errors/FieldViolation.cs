namespace Tidings.Kernel.Errors;

/// <summary>One bad field of a request, as an entry of Google's <c>google.rpc.BadRequest</c>.</summary>
/// <param name="Field">The field's path, e.g. <c>task.schedule_time</c>.</param>
/// <param name="Description">Why the value is refused.</param>
public sealed record FieldViolation(string Field, string Description);
