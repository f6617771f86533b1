namespace Tidings.Bootstrap;

/// <summary>
/// A bootstrap declaration could not be applied: the API refused it, or it asks for a change the API cannot make.
/// The message names the file, the line and the API's status and text. Raised while the host starts, before it listens.
/// </summary>
internal sealed class BootstrapException(string message, Exception? innerException = null) : Exception(message, innerException);
