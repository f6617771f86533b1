namespace Tidings.Storage.Segments;

/// <summary>Tells a full disk from other I/O failures.</summary>
internal static class DiskErrors
{
    // On Unix .NET puts the raw errno in HResult (checked: writing to /dev/full gives 28); on Windows an HRESULT.
    private const int Enospc = 28;
    private const int EdquotLinux = 122;
    private const int EdquotMac = 69;
    private const int ErrorDiskFull = unchecked((int)0x80070070);
    private const int ErrorHandleDiskFull = unchecked((int)0x80070027);

    public static bool IsDiskFull(IOException exception) => exception.HResult switch
    {
        Enospc or ErrorDiskFull or ErrorHandleDiskFull => true,
        EdquotLinux => OperatingSystem.IsLinux(),
        EdquotMac => OperatingSystem.IsMacOS(),
        _ => false,
    };
}
