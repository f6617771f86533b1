using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Tidings.IntegrationTests.Infrastructure;

/// <summary>
/// The in-process server on the fake clock, seen through <see cref="StallingClock"/>: a test can make one server
/// method's reads of the time take a while, which widens the gap between the steps that method takes before and
/// after reading it, so a race with another thread shows up every time instead of once in a while.
/// </summary>
public sealed class StallingClockServerFixture : TidingsServerFixture
{
    public StallingClockServerFixture()
    {
        Clock = new StallingClock(Time);
        // A stall blocks a pool thread; with as few pool threads as cores, what the test races it against (a push
        // ending, the loop waking) could wait behind it instead of happening meanwhile.
        ThreadPool.GetMinThreads(out var workers, out var ports);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), ports);
    }

    public StallingClock Clock { get; }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>
/// The fake clock, except that <see cref="GetUtcNow"/> blocks for <see cref="Stall"/> first (or, to hold the caller
/// with a time that goes stale meanwhile, after reading it) when called directly from a method named
/// <see cref="StalledMethod"/> of a type named <see cref="StalledType"/>, async ones included (found on the call stack;
/// Debug builds keep that frame). Timers and timestamps are the fake clock's.
/// </summary>
public sealed class StallingClock(FakeTimeProvider inner) : TimeProvider
{
    private volatile Target? _target;
    private int _stalledReads;

    public string? StalledType => _target?.Type;

    public string? StalledMethod => _target?.Method;

    public TimeSpan Stall => _target?.Stall ?? TimeSpan.Zero;

    /// <summary>How many reads were stalled since <see cref="StallCallsFrom"/>: a test checks it to know the stall really happened.</summary>
    public int StalledReads => Volatile.Read(ref _stalledReads);

    /// <summary>
    /// Stalls reads of the time made by <paramref name="type"/>.<paramref name="method"/> from now on; with
    /// <paramref name="afterReading"/>, each returns the time read before its stall.
    /// </summary>
    public void StallCallsFrom(string type, string method, TimeSpan stall, bool afterReading = false)
    {
        Volatile.Write(ref _stalledReads, 0);
        _target = new Target(type, method, stall, afterReading);
    }

    public void StopStalling() => _target = null;

    public override DateTimeOffset GetUtcNow()
    {
        if (_target is not { } target || !CalledFrom(target))
        {
            return inner.GetUtcNow();
        }
        Interlocked.Increment(ref _stalledReads);
        var before = inner.GetUtcNow();
        Thread.Sleep(target.Stall);
        return target.AfterReading ? before : inner.GetUtcNow();
    }

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);

    private static bool CalledFrom(Target target)
    {
        var caller = new StackTrace(2, fNeedFileInfo: false).GetFrame(0)?.GetMethod();
        if (caller?.DeclaringType is not { } type)
        {
            return false;
        }
        // An async method runs as the MoveNext of a state machine nested in its type and named "<Method>d__N".
        return caller.Name == "MoveNext" && type.Name.StartsWith($"<{target.Method}>", StringComparison.Ordinal)
            ? type.DeclaringType?.Name == target.Type
            : caller.Name == target.Method && type.Name == target.Type;
    }

    private sealed record Target(string Type, string Method, TimeSpan Stall, bool AfterReading);
}
