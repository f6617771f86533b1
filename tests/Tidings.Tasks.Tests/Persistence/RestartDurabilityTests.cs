using Google.Cloud.Tasks.V2;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using Tidings.Delivery;
using Tidings.Kernel.Errors;
using Tidings.Tasks.Tests.Support;

namespace Tidings.Tasks.Tests.Persistence;

/// <summary>
/// The engine over SQLite stores, stopped and started again on the same directory: queues, pending tasks with their
/// attempt history, and reserved names come back, and a dispatch the stop cut short is made again at once.
/// </summary>
public sealed class RestartDurabilityTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(EngineHarness.Start);

    public void Dispose() => _directory.Dispose();

    private Task<EngineHarness> OpenAsync(FakeDeliverer? deliverer = null) =>
        EngineHarness.StartDurableAsync(_directory.Path, _time, deliverer ?? new FakeDeliverer());

    [Fact]
    public async Task Restart_QueuesTasksAndPoliciesAreBack()
    {
        await using (var before = await OpenAsync())
        {
            await before.CreateQueueAsync("kept", q => q.RetryConfig = new RetryConfig { MaxAttempts = 5 });
            await before.Engine.PauseQueueAsync(before.QueueName("kept"), CancellationToken.None);
            await before.CreateHttpTaskAsync("kept", "t1");
            await before.Engine.SetIamPolicyAsync(before.QueueName("kept"), new Google.Cloud.Iam.V1.Policy
            {
                Bindings = { new Google.Cloud.Iam.V1.Binding { Role = "roles/cloudtasks.viewer", Members = { "user:a@example.com" } } },
            }, null, CancellationToken.None);
        }

        await using var after = await OpenAsync();

        var queue = after.Engine.GetQueue(after.QueueName("kept"));
        Assert.Equal(Queue.Types.State.Paused, queue.State);
        Assert.Equal(5, queue.RetryConfig.MaxAttempts);
        Assert.Equal(after.TaskName("kept", "t1"), (await after.GetTaskAsync(after.TaskName("kept", "t1"))).Name);
        Assert.Single(after.Engine.GetIamPolicy(after.QueueName("kept")).Bindings);
    }

    [Fact]
    public async Task Restart_AttemptHistoryKept_RetryHeadersContinue()
    {
        await using (var before = await OpenAsync())
        {
            await before.CreateQueueAsync("retried", q => q.RetryConfig = new RetryConfig { MinBackoff = EngineHarness.Seconds(5), MaxBackoff = EngineHarness.Seconds(5) });
            before.Deliverer.Answer(503);
            await before.CreateHttpTaskAsync("retried", "t");
            await before.WaitForAttemptsAsync("retried", 1);
        }

        var deliverer = new FakeDeliverer();
        await using var after = await OpenAsync(deliverer);
        var task = await after.GetTaskAsync(after.TaskName("retried", "t"));
        _time.Advance(TimeSpan.FromSeconds(5));
        await after.WaitForAttemptsAsync("retried", 1);

        Assert.Equal(1, task.DispatchCount);
        Assert.Equal(1, task.ResponseCount);
        var retry = deliverer.Request(0);
        Assert.Equal("1", FakeDeliverer.Header(retry, "X-CloudTasks-TaskRetryCount"));
        Assert.Equal("503", FakeDeliverer.Header(retry, "X-CloudTasks-TaskPreviousResponse"));
        await Assert.ThrowsAsync<TidingsException>(() => after.GetTaskAsync(after.TaskName("retried", "t")));
    }

    [Fact]
    public async Task StopDuringAnAttempt_DispatchedAgainAtOnceAfterTheRestart()
    {
        var hanging = new FakeDeliverer { Respond = _ => new TaskCompletionSource<DeliveryResult>().Task };
        await using (var before = await OpenAsync(hanging))
        {
            await before.CreateQueueAsync("interrupted");
            await before.CreateHttpTaskAsync("interrupted", "t");
            await before.WaitForRequestsAsync(1);
        }

        var deliverer = new FakeDeliverer();
        await using var after = await OpenAsync(deliverer);
        await after.WaitForAttemptsAsync("interrupted", 1);

        var again = deliverer.Request(0);
        Assert.Equal("1", FakeDeliverer.Header(again, "X-CloudTasks-TaskRetryCount"));
        Assert.Null(FakeDeliverer.Header(again, "X-CloudTasks-TaskPreviousResponse"));
        Assert.Equal(EngineHarness.Start, deliverer.SentAt.Single());
        Assert.Equal(0, await after.Tasks.CountAsync(after.QueueName("interrupted"), CancellationToken.None));
    }

    [Fact]
    public async Task Restart_ReservedNamesStayReserved()
    {
        await using (var before = await OpenAsync())
        {
            await before.CreateQueueAsync("q");
            await before.CreateHttpTaskAsync("q", "done");
            await before.WaitForAttemptsAsync("q", 1);
            await before.CreateQueueAsync("deleted");
            await before.Engine.DeleteQueueAsync(before.QueueName("deleted"), CancellationToken.None);
        }

        await using var after = await OpenAsync();

        var task = await Assert.ThrowsAsync<TidingsException>(() => after.CreateHttpTaskAsync("q", "done"));
        var queue = await Assert.ThrowsAsync<TidingsException>(() => after.CreateQueueAsync("deleted"));
        Assert.Equal(ErrorCode.AlreadyExists, task.Code);
        Assert.Equal(ErrorCode.FailedPrecondition, queue.Code);
    }

    [Fact]
    public async Task StopBetweenTheTwoStepsOfDeleteQueue_FinishedAtStart()
    {
        await using (var before = await OpenAsync())
        {
            await before.CreateQueueAsync("half");
            // What DeleteQueue does first: the tasks go and the name is reserved; the record is still there.
            await before.Tasks.DeleteQueueAsync(before.QueueName("half"), CancellationToken.None);
        }

        await using var after = await OpenAsync();

        Assert.Throws<TidingsException>(() => after.Engine.GetQueue(after.QueueName("half")));
        Assert.Empty(after.Engine.ListQueues(after.Location, "", 0, "").Queues);
    }

    [Fact]
    public async Task Restart_FutureTaskDispatchedAtItsTime()
    {
        await using (var before = await OpenAsync())
        {
            await before.CreateQueueAsync("later");
            await before.CreateHttpTaskAsync("later", "t", t => t.ScheduleTime = Timestamp.FromDateTimeOffset(_time.GetUtcNow().AddMinutes(1)));
        }

        var deliverer = new FakeDeliverer();
        await using var after = await OpenAsync(deliverer);
        _time.Advance(TimeSpan.FromMinutes(1));
        await after.WaitForAttemptsAsync("later", 1);

        Assert.Equal(EngineHarness.Start.AddMinutes(1), deliverer.SentAt.Single());
    }
}
