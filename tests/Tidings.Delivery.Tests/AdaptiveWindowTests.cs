namespace Tidings.Delivery.Tests;

public sealed class AdaptiveWindowTests
{
    [Fact]
    public void OnSuccess_SlowStart_DoublesUpToThresholdThenAddsOne()
    {
        var window = new AdaptiveWindow(initial: 2, minimum: 1, maximum: 100, slowStartThreshold: 20);

        var sizes = new List<int>();
        for (var i = 0; i < 7; i++)
        {
            window.OnSuccess();
            sizes.Add(window.Size);
        }

        Assert.Equal([4, 8, 16, 20, 21, 22, 23], sizes);
    }

    [Fact]
    public void OnSuccess_NoFailureYet_DoublesUpToMaximum()
    {
        var window = new AdaptiveWindow(initial: 3, minimum: 1, maximum: 40);

        var sizes = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            window.OnSuccess();
            sizes.Add(window.Size);
        }

        Assert.Equal([6, 12, 24, 40, 40, 40], sizes);
    }

    [Fact]
    public void OnFailure_Halves_ThenGrowthIsAdditive()
    {
        var window = new AdaptiveWindow(initial: 64, minimum: 1, maximum: 1000);

        window.OnFailure();
        Assert.Equal(32, window.Size);
        Assert.Equal(32, window.SlowStartThreshold);
        window.OnSuccess();
        window.OnSuccess();

        Assert.Equal(34, window.Size);
    }

    [Fact]
    public void OnFailure_Repeated_NeverBelowMinimum()
    {
        var window = new AdaptiveWindow(initial: 50, minimum: 5, maximum: 100);

        for (var i = 0; i < 10; i++)
        {
            window.OnFailure();
        }

        Assert.Equal(5, window.Size);
    }

    [Fact]
    public void OnSuccess_Repeated_NeverAboveMaximum()
    {
        var window = new AdaptiveWindow(initial: 1, minimum: 1, maximum: 10, slowStartThreshold: 1);

        for (var i = 0; i < 100; i++)
        {
            window.OnSuccess();
        }

        Assert.Equal(10, window.Size);
    }

    [Fact]
    public void Constructor_InvalidBounds_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveWindow(initial: 1, minimum: 0, maximum: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveWindow(initial: 5, minimum: 6, maximum: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveWindow(initial: 11, minimum: 1, maximum: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveWindow(initial: 5, minimum: 1, maximum: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveWindow(5, 2, 10, slowStartThreshold: 1));
    }

    [Fact]
    public void OnSuccess_ConcurrentAdditive_LosesNoIncrement()
    {
        var window = new AdaptiveWindow(initial: 10, minimum: 1, maximum: 1_000_000, slowStartThreshold: 10);

        Parallel.For(0, 100_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => window.OnSuccess());

        Assert.Equal(100_010, window.Size);
    }

    [Fact]
    public void Mixed_Concurrent_StaysWithinBounds()
    {
        var window = new AdaptiveWindow(initial: 4, minimum: 2, maximum: 500);
        var outOfBounds = 0;

        Parallel.For(0, 100_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            if (i % 7 == 0)
            {
                window.OnFailure();
            }
            else
            {
                window.OnSuccess();
            }
            if (window.Size is < 2 or > 500)
            {
                Interlocked.Increment(ref outOfBounds);
            }
        });

        Assert.Equal(0, outOfBounds);
        Assert.InRange(window.SlowStartThreshold, 2, 500);
    }
}
