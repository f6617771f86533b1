namespace Tidings.Configuration;

/// <summary>How the console log is written.</summary>
internal enum LogFormat
{
    /// <summary>.NET's plain console format, for people.</summary>
    Text,

    /// <summary>One JSON object a line (<c>severity</c>, <c>timestamp</c>, …), for log shippers.</summary>
    Json,
}
