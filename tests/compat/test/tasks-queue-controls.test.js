// Cloud Tasks queue controls, end to end against a local receiver: max_dispatches_per_second as a token bucket of
// the server-chosen burst and max_concurrent_dispatches are never exceeded; a paused queue dispatches nothing until
// resumed; RunTask dispatches at once even in a paused queue, answers the task as dispatched, and a failed run
// reschedules it by the queue's backoff; a purge removes pending tasks before they are sent.

import assert from 'node:assert/strict';
import {after, describe, test} from 'node:test';
import {Code, expectGrpcError, sleep, uniqueProject, useServer, waitFor} from '../lib/helpers.js';
import {reply, startReceiver} from '../lib/receiver.js';
import {
  createQueue,
  fastRetries,
  httpTask,
  listAllTasks,
  queueName,
  tasksClient,
  timestampIn,
  toSeconds,
  waitUntilTaskGone,
} from '../lib/tasks.js';

const env = useServer();
const receivers = [];
after(async () => {
  for (const receiver of receivers) await receiver.close();
});

async function newReceiver() {
  const receiver = await startReceiver();
  receivers.push(receiver);
  return receiver;
}

async function freshQueue(fields = {}) {
  const project = uniqueProject();
  const tasks = tasksClient(env);
  const queue = queueName(project, 'controlled');
  const created = await createQueue(tasks, project, 'controlled', {retryConfig: fastRetries(), ...fields});
  return {project, tasks, queue, created};
}

async function createMany(tasks, queue, url, count) {
  await Promise.all(Array.from({length: count}, () => tasks.createTask({parent: queue, task: httpTask(url)})));
}

describe('limits', () => {
  test('max_dispatches_per_second: no window holds more dispatches than the burst plus the rate allows', async () => {
    const receiver = await newReceiver();
    const rate = 2;
    const {tasks, queue, created} = await freshQueue({rateLimits: {maxDispatchesPerSecond: rate}});
    const burst = created.rateLimits.maxBurstSize;
    assert.ok(burst >= 1 && burst <= 20, `a burst of ${burst} at ${rate}/s`);
    const count = burst + 6;
    await tasks.pauseQueue({name: queue});
    await createMany(tasks, queue, receiver.url, count);

    await tasks.resumeQueue({name: queue});
    await receiver.waitForRequest(count, 20_000);

    // Arrival times, not send times: the first requests open connections and may arrive late, bunching up with the
    // next (on a loaded machine by 0.3 s and more, seen as 11 arrivals within 0.28 s of a bucket of 10). The slack,
    // one token's time at this rate, absorbs that; a bucket two tokens too deep still fails the window checks, and a
    // rate above the limit fails the span check below.
    const slack = 0.5;
    const times = receiver.requests.map(r => r.arrivedAt / 1000);
    for (let i = 0; i < times.length; i++) {
      for (let j = i; j < times.length; j++) {
        const allowed = burst + rate * (times[j] - times[i] + slack);
        assert.ok(j - i + 1 <= allowed,
          `${j - i + 1} dispatches within ${(times[j] - times[i]).toFixed(3)} s; a bucket of ${burst} at ${rate}/s allows ${allowed.toFixed(1)}`);
      }
    }
    const span = times.at(-1) - times[0];
    assert.ok(span >= (count - burst) / rate - slack, `${count} dispatches took only ${span.toFixed(2)} s`);
  });

  test('max_concurrent_dispatches: never more requests outstanding than allowed, and the limit is used', async () => {
    const receiver = await newReceiver();
    receiver.defaultReply = reply.after(150);
    const {tasks, queue} = await freshQueue({rateLimits: {maxDispatchesPerSecond: 500, maxConcurrentDispatches: 2}});

    await createMany(tasks, queue, receiver.url, 8);
    await receiver.waitUntil(requests => requests.filter(r => r.answeredStatus === 200).length === 8, 'all 8 answered', 20_000);

    assert.equal(receiver.maxInFlight, 2);
  });
});

describe('pause, resume, run and purge', () => {
  test('a paused queue dispatches nothing until it is resumed', async () => {
    const receiver = await newReceiver();
    const {tasks, queue} = await freshQueue();
    await tasks.pauseQueue({name: queue});

    await createMany(tasks, queue, receiver.url, 3);
    // The one fixed wait of this file: long enough for a running queue to send due tasks many times over.
    await sleep(1000);
    assert.equal(receiver.requests.length, 0, 'a paused queue sent tasks');
    assert.equal((await listAllTasks(tasks, queue)).length, 3);

    await tasks.resumeQueue({name: queue});
    await receiver.waitForRequest(3);
    await waitFor(async () => (await listAllTasks(tasks, queue)).length === 0, 10_000);
  });

  test('RunTask sends a future task of a paused queue at once and answers it as dispatched', async () => {
    const receiver = await newReceiver();
    const {tasks, queue} = await freshQueue();
    await tasks.pauseQueue({name: queue});
    const [task] = await tasks.createTask({parent: queue, task: httpTask(receiver.url, {scheduleTime: timestampIn(3600)})});

    const [ran] = await tasks.runTask({name: task.name});

    assert.equal(ran.name, task.name);
    assert.equal(ran.dispatchCount, 1, 'the dispatch is counted');
    assert.ok(ran.lastAttempt?.dispatchTime, 'last_attempt.dispatch_time is set');
    const request = await receiver.waitForRequest(1);
    assert.equal(request.headers['x-cloudtasks-taskretrycount'], '0');
    await waitUntilTaskGone(tasks, task.name);
    // Google documents NOT_FOUND for running a task that already succeeded; its text is recorded only for GetTask.
    await expectGrpcError(tasks.runTask({name: task.name}), Code.NOT_FOUND);
  });

  test('a failed RunTask reschedules the task by the queue\'s backoff from the time of the run', async () => {
    const receiver = await newReceiver();
    receiver.defaultReply = reply.status(500);
    const {tasks, queue} = await freshQueue({retryConfig: fastRetries({minBackoff: 600, maxBackoff: 900})});
    await tasks.pauseQueue({name: queue});
    const [task] = await tasks.createTask({parent: queue, task: httpTask(receiver.url, {scheduleTime: timestampIn(7 * 24 * 3600)})});

    const ranAt = Date.now() / 1000;
    await tasks.runTask({name: task.name});
    await receiver.waitForRequest(1);
    const rescheduled = await waitFor(async () => {
      const [t] = await tasks.getTask({name: task.name});
      return t.responseCount === 1 ? t : null;
    }, 10_000);

    const due = toSeconds(rescheduled.scheduleTime);
    assert.ok(due >= ranAt + 600 - 1 && due <= ranAt + 605, `due ${due - ranAt} s after the run, not 600`);
    assert.equal(rescheduled.lastAttempt.responseStatus.code, Code.INTERNAL, 'HTTP 500 is recorded as INTERNAL');
    await tasks.deleteTask({name: task.name});
  });

  test('PurgeQueue removes pending tasks before they are sent', async () => {
    const receiver = await newReceiver();
    const {tasks, queue} = await freshQueue();
    await tasks.pauseQueue({name: queue});
    await createMany(tasks, queue, receiver.url, 4);

    await tasks.purgeQueue({name: queue});
    await tasks.resumeQueue({name: queue});
    const [survivor] = await tasks.createTask({parent: queue, task: httpTask(receiver.url)});
    await receiver.waitForRequest(1);
    await waitUntilTaskGone(tasks, survivor.name);

    assert.equal(receiver.requests.length, 1, 'only the task created after the purge was sent');
    assert.equal(receiver.requests[0].headers['x-cloudtasks-taskname'], survivor.name.split('/').at(-1));
  });
});
