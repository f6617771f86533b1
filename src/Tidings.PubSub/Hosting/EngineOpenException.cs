namespace Tidings.PubSub.Hosting;

/// <summary>
/// The kernel's <see cref="Kernel.Hosting.EngineOpenException"/> under the name Pub/Sub's start-up (and code written
/// against it) uses; the host catches the kernel's type.
/// </summary>
public sealed class EngineOpenException(string engine, Exception inner) : Kernel.Hosting.EngineOpenException(engine, inner);
