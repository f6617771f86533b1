namespace Tidings.Kernel.Hosting;

/// <summary>
/// A service's engine could not open its stores at start-up (a locked data directory, a corrupt log, a record
/// written by a newer Tidings). The host reports it as a data directory problem; the inner exception says which.
/// Every service's start-up raises it (or a subclass), so the host needs one catch for all.
/// </summary>
public class EngineOpenException(string engine, Exception inner)
    : Exception($"The {engine} engine could not open its stores: {inner.Message}", inner)
{
    /// <summary>Which service's engine failed, e.g. <c>Pub/Sub</c>.</summary>
    public string Engine { get; } = engine;
}
