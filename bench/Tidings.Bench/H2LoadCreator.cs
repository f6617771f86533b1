using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Google.Cloud.Tasks.V2;
using Google.Protobuf;
using Task = System.Threading.Tasks.Task;

namespace Tidings.Bench;

/// <summary>
/// CreateTask calls sent by <c>h2load</c> (Debian's <c>nghttp2-client</c>) instead of the .NET gRPC client, so the load
/// generator costs a few µs per call rather than tens: each queue's request is encoded once as a gRPC message (a
/// 5-byte prefix, then the protobuf), and h2load posts it over one HTTP/2 connection with many streams in flight.
/// h2load sends one body per run, and a request names its queue in the body, so there is one run per queue, a few at
/// once. h2load only sees HTTP statuses (gRPC answers 200 and puts its status in the trailers): the run checks its
/// count of 2xx, and the dispatch phase after it checks that every task exists (the receiver waits for all of them).
/// </summary>
internal static class H2LoadCreator
{
    public const string Path = "/google.cloud.tasks.v2.CloudTasks/CreateTask";

    /// <summary>True when <c>h2load</c> is on the PATH.</summary>
    public static bool Available() => Environment.GetEnvironmentVariable("PATH")?.Split(':')
        .Any(dir => File.Exists(System.IO.Path.Combine(dir, "h2load"))) == true;

    /// <summary>
    /// Creates <paramref name="count"/> tasks spread evenly over <paramref name="queues"/>, <paramref name="parallel"/>
    /// h2load runs at a time with <paramref name="concurrency"/> calls in flight in all; each run is bounded by
    /// <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A run failed or did not get a 2xx for every call.</exception>
    public static async Task CreateAsync(string endpoint, List<string> queues, int count, int concurrency, int parallel, string url, TimeSpan timeout)
    {
        var directory = Directory.CreateTempSubdirectory("tidings-h2load-");
        try
        {
            var bodies = queues.Select((queue, i) => WriteBody(directory.FullName, i, queue, url)).ToList();
            var next = -1;
            var streams = Math.Max(1, concurrency / parallel);
            var runners = Enumerable.Range(0, Math.Min(parallel, queues.Count)).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < queues.Count; i = Interlocked.Increment(ref next))
                {
                    // The first count % queues queues take one task more.
                    var share = count / queues.Count + (i < count % queues.Count ? 1 : 0);
                    if (share > 0)
                    {
                        await RunAsync(endpoint, bodies[i], share, streams, timeout);
                    }
                }
            });
            await Task.WhenAll(runners);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The gRPC message of one CreateTask request: compressed flag 0, big-endian length, the protobuf.</summary>
    public static byte[] Frame(IMessage request)
    {
        var message = request.ToByteArray();
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    private static string WriteBody(string directory, int index, string queue, string url)
    {
        var path = System.IO.Path.Combine(directory, $"create-{index}.bin");
        File.WriteAllBytes(path, Frame(new CreateTaskRequest { Parent = queue, Task = TasksBench.NewTask(url, scheduleTime: null) }));
        return path;
    }

    private static async Task RunAsync(string endpoint, string body, int requests, int streams, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("h2load")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "-n", requests.ToString(CultureInfo.InvariantCulture), "-c", "1", "-t", "1",
            "-m", streams.ToString(CultureInfo.InvariantCulture), "-d", body,
            "-H", "content-type: application/grpc", "-H", "te: trailers", endpoint.TrimEnd('/') + Path,
        })
        {
            psi.ArgumentList.Add(argument);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("h2load did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new InvalidOperationException($"h2load took longer than {timeout.TotalSeconds:0} s.");
        }
        var text = await output + await errors;
        var succeeded = Succeeded(text);
        if (process.ExitCode != 0 || succeeded != requests)
        {
            throw new InvalidOperationException($"h2load: exit {process.ExitCode}, {succeeded} of {requests} calls answered 2xx:\n{text}");
        }
    }

    /// <summary>The 2xx count of h2load's summary line "status codes: N 2xx, …", or -1 when it has none.</summary>
    public static int Succeeded(string output)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("status codes:", StringComparison.Ordinal));
        var field = line?["status codes:".Length..].Split(',').Select(part => part.Trim()).FirstOrDefault(part => part.EndsWith(" 2xx", StringComparison.Ordinal));
        return field is not null && int.TryParse(field[..^4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;
    }
}
