namespace Tidings.Configuration;

/// <summary>
/// The command line, the config file or the environment holds something unusable; the message says what
/// and is meant for the person starting the server.
/// </summary>
internal sealed class TidingsConfigurationException : Exception
{
    public TidingsConfigurationException(string message)
        : base(message)
    {
    }

    public TidingsConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
