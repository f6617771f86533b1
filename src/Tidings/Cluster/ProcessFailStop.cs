using System.Runtime.InteropServices;

namespace Tidings.Cluster;

/// <summary>
/// Exits the process at once with the given code. Not <see cref="Environment.Exit(int)"/>: that runs the host's
/// graceful stop (ProcessExit), which would checkpoint acks and write jobs after the lock may have passed; nor
/// <see cref="Environment.FailFast(string)"/>, whose exit code says nothing. The reason goes to standard error first,
/// synchronously, since the console logger writes from a queue that dies with the process.
/// </summary>
internal sealed class ProcessFailStop : IFailStop
{
    public void Stop(int exitCode, string reason)
    {
        try
        {
            Console.Error.WriteLine($"tidings: {reason}; stopping at once (exit code {exitCode}).");
            Console.Error.Flush();
        }
        finally
        {
            if (OperatingSystem.IsWindows())
            {
                TerminateProcess(GetCurrentProcess(), (uint)exitCode);
            }
            else
            {
                ExitNow(exitCode);
            }
        }
    }

    // DllImport, not LibraryImport: these signatures are blittable and LibraryImport would need unsafe code.
    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ExitNow(int status);

    [DllImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool TerminateProcess(IntPtr process, uint exitCode);

    [DllImport("kernel32.dll")]
    private static extern IntPtr GetCurrentProcess();
}
