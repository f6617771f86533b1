using Microsoft.Extensions.Time.Testing;
using Tidings.Kernel.Signals;

namespace Tidings.Kernel.Tests.Signals;

/// <summary>The auto-reset signal consumers wait on: sets coalesce, a wait times out only on the (fake) clock.</summary>
public sealed class AsyncSignalTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly AsyncSignal _signal = new();

    [Fact]
    public async Task WaitAsync_SetBefore_CompletesTrueAtOnce()
    {
        _signal.Set();

        var wait = _signal.WaitAsync(TimeSpan.FromSeconds(1), _time, CancellationToken.None);

        Assert.True(wait.IsCompletedSuccessfully);
        Assert.True(await wait);
    }

    [Fact]
    public async Task WaitAsync_SetsWhileNobodyWaits_CoalesceIntoOne()
    {
        _signal.Set();
        _signal.Set();
        Assert.True(await _signal.WaitAsync(TimeSpan.FromSeconds(1), _time, CancellationToken.None));

        var second = _signal.WaitAsync(TimeSpan.FromSeconds(1), _time, CancellationToken.None);

        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await second.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task WaitAsync_SetWhileWaiting_CompletesTrue()
    {
        var wait = _signal.WaitAsync(TimeSpan.FromSeconds(1), _time, CancellationToken.None);

        _signal.Set();

        Assert.True(await wait.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task WaitAsync_SetWakesWaiter_DoesNotLeaveASignalBehind()
    {
        var wait = _signal.WaitAsync(TimeSpan.FromSeconds(1), _time, CancellationToken.None);
        _signal.Set();
        Assert.True(await wait.WaitAsync(HangGuard));

        var next = _signal.WaitAsync(TimeSpan.FromSeconds(1), _time, CancellationToken.None);

        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await next.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task WaitAsync_ClockBeforeTimeout_StillWaiting()
    {
        var wait = _signal.WaitAsync(TimeSpan.FromSeconds(5), _time, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(4));

        Assert.False(wait.IsCompleted);
        _signal.Set();
        Assert.True(await wait.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        var wait = _signal.WaitAsync(TimeSpan.FromSeconds(5), _time, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(HangGuard));
    }
    [Fact]
    public async Task WaitAsync_InfiniteTimeout_WaitsForSetWhateverTheClock()
    {
        var wait = _signal.WaitAsync(Timeout.InfiniteTimeSpan, _time, CancellationToken.None);

        _time.Advance(TimeSpan.FromDays(1));

        Assert.False(wait.IsCompleted);
        _signal.Set();
        Assert.True(await wait.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task WaitAsync_TimedOut_ASetAfterwardsWaitsForTheNextWait()
    {
        var wait = _signal.WaitAsync(TimeSpan.FromSeconds(1), _time, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await wait.WaitAsync(HangGuard));

        _signal.Set();

        var next = _signal.WaitAsync(TimeSpan.FromSeconds(1), _time, CancellationToken.None);
        Assert.True(next.IsCompletedSuccessfully);
        Assert.True(await next);
    }

    [Fact]
    public async Task WaitAsync_AlreadyCancelled_ThrowsAndLeavesThePendingSet()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        _signal.Set();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _signal.WaitAsync(TimeSpan.FromSeconds(1), _time, cancellation.Token));

        Assert.True(await _signal.WaitAsync(TimeSpan.FromSeconds(1), _time, CancellationToken.None));
    }

    [Fact]
    public async Task WaitAsync_CancelledWhileWaiting_ASetAfterwardsWaitsForTheNextWait()
    {
        using var cancellation = new CancellationTokenSource();
        var wait = _signal.WaitAsync(TimeSpan.FromSeconds(5), _time, cancellation.Token);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(HangGuard));

        _signal.Set();

        Assert.True(await _signal.WaitAsync(TimeSpan.FromSeconds(1), _time, CancellationToken.None));
    }
}
