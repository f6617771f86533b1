using Microsoft.Extensions.Time.Testing;
using Tidings.Kernel.Signals;

namespace Tidings.Kernel.Tests.Signals;

/// <summary>Waiting until an instant: the timer follows the clock even when the clock moves while it is armed.</summary>
public sealed class AsyncSignalWaitUntilTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly AsyncSignal _signal = new();

    [Fact]
    public async Task WaitUntilAsync_ClockReachesDue_CompletesFalse()
    {
        var wait = _signal.WaitUntilAsync(_time.GetUtcNow().AddMinutes(1), _time, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(wait.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(await wait.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task WaitUntilAsync_DueAlreadyPast_CompletesFalseAtOnce()
    {
        var wait = _signal.WaitUntilAsync(_time.GetUtcNow().AddSeconds(-1), _time, CancellationToken.None);

        Assert.False(await wait.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task WaitUntilAsync_Set_CompletesTrue()
    {
        var wait = _signal.WaitUntilAsync(_time.GetUtcNow().AddMinutes(1), _time, CancellationToken.None);

        _signal.Set();

        Assert.True(await wait.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task WaitUntilAsync_ClockJumpsToDueWhileArming_CompletesWithoutAnotherAdvance()
    {
        var due = _time.GetUtcNow().AddMinutes(1);
        var time = new JumpOnFirstTimer(_time, TimeSpan.FromMinutes(1));

        var wait = _signal.WaitUntilAsync(due, time, CancellationToken.None);

        Assert.False(await wait.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task WaitUntilAsync_ClockJumpsPartWayWhileArming_FiresAtDueNotLater()
    {
        var due = _time.GetUtcNow().AddMinutes(1);
        var time = new JumpOnFirstTimer(_time, TimeSpan.FromSeconds(30));

        var wait = _signal.WaitUntilAsync(due, time, CancellationToken.None);
        Assert.False(wait.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(30)); // exactly to the due time: a timer armed from the old reading would wait 30 s more

        Assert.False(await wait.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task WaitUntilAsync_Cancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        var wait = _signal.WaitUntilAsync(_time.GetUtcNow().AddMinutes(1), _time, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(HangGuard));
    }

    /// <summary>A clock a test advances between the waiter's reading and its timer's creation (the race, made certain).</summary>
    private sealed class JumpOnFirstTimer(FakeTimeProvider inner, TimeSpan jump) : TimeProvider
    {
        private bool _jumped;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (!_jumped)
            {
                _jumped = true;
                inner.Advance(jump);
            }
            return inner.CreateTimer(callback, state, dueTime, period);
        }
    }
}
