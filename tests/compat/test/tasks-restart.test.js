// Cloud Tasks on a durable server survives kill -9: queues with their settings and state, a pending task (delivered
// once after the restart), a task of a paused queue, and the reserved names of tasks that completed or are pending,
// so de-duplication still holds.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {Code, expectGrpcError, uniqueProject} from '../lib/helpers.js';
import {startReceiver} from '../lib/receiver.js';
import {startServer} from '../lib/server.js';
import {
  createQueue,
  duration,
  fastRetries,
  httpTask,
  listAllTasks,
  queueName,
  tasksClient,
  timestampIn,
  toSeconds,
  waitUntilTaskGone,
} from '../lib/tasks.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'tidings-tasks-restart-'));
const opened = [];
after(async () => {
  for (const close of opened.reverse()) await close().catch(() => {});
  rmSync(dataDir, {recursive: true, force: true});
});

async function open() {
  const server = await startServer({dataDir});
  // tasksClient only needs env.server and env.clients.
  const env = {server, clients: new Set()};
  const tasks = tasksClient(env);
  opened.push(() => server.stop(), () => tasks.close());
  return {server, tasks};
}

const deliveriesOf = (receiver, id) => receiver.requests.filter(r => r.headers['x-cloudtasks-taskname'] === id);

test('after kill -9 and a restart on the same data directory, pending tasks are delivered once and names stay reserved', async t => {
  if (process.env.TIDINGS_COMPAT_HOST) {
    t.skip('needs to kill and restart the server');
    return;
  }
  const receiver = await startReceiver();
  opened.push(() => receiver.close());
  const project = uniqueProject('tasks-restart');
  const queue = queueName(project, 'durable');
  const parked = queueName(project, 'parked');
  let {server, tasks} = await open();

  const retryConfig = {...fastRetries({maxAttempts: 7}), maxRetryDuration: duration(300)};
  await createQueue(tasks, project, 'durable', {retryConfig, rateLimits: {maxDispatchesPerSecond: 50, maxConcurrentDispatches: 10}});
  await createQueue(tasks, project, 'parked');
  await tasks.pauseQueue({name: parked});

  await tasks.createTask({parent: queue, task: httpTask(receiver.url, {name: `${queue}/tasks/done-before`})});
  await receiver.waitUntil(() => deliveriesOf(receiver, 'done-before').length === 1, 'done-before delivered');
  await waitUntilTaskGone(tasks, `${queue}/tasks/done-before`);
  await tasks.createTask({parent: queue, task: httpTask(receiver.url, {name: `${queue}/tasks/pending`, scheduleTime: timestampIn(4)})});
  await tasks.createTask({parent: parked, task: httpTask(receiver.url, {name: `${parked}/tasks/waiting`})});

  await server.kill();
  assert.equal(deliveriesOf(receiver, 'pending').length, 0, 'the pending task was sent before the kill: too slow to test');
  ({server, tasks} = await open());

  const [durable] = await tasks.getQueue({name: queue});
  assert.equal(durable.retryConfig.maxAttempts, 7);
  assert.equal(toSeconds(durable.retryConfig.maxRetryDuration), 300);
  assert.equal(durable.rateLimits.maxConcurrentDispatches, 10);
  const [stillPaused] = await tasks.getQueue({name: parked});
  assert.equal(stillPaused.state, 'PAUSED');
  assert.deepEqual((await listAllTasks(tasks, parked)).map(task => task.name), [`${parked}/tasks/waiting`]);

  await expectGrpcError(
    tasks.createTask({parent: queue, task: httpTask(receiver.url, {name: `${queue}/tasks/done-before`})}),
    Code.ALREADY_EXISTS,
    'Requested entity already exists',
  );
  await expectGrpcError(
    tasks.createTask({parent: queue, task: httpTask(receiver.url, {name: `${queue}/tasks/pending`})}),
    Code.ALREADY_EXISTS,
    'Requested entity already exists',
  );

  await receiver.waitUntil(() => deliveriesOf(receiver, 'pending').length >= 1, 'the pending task delivered after the restart', 15_000);
  await waitUntilTaskGone(tasks, `${queue}/tasks/pending`);
  assert.equal(deliveriesOf(receiver, 'pending').length, 1, 'delivered exactly once');
  assert.equal(deliveriesOf(receiver, 'done-before').length, 1, 'a completed task is not sent again');
  assert.equal(deliveriesOf(receiver, 'waiting').length, 0, 'a paused queue stays paused');
  await expectGrpcError(
    tasks.createTask({parent: queue, task: httpTask(receiver.url, {name: `${queue}/tasks/pending`})}),
    Code.ALREADY_EXISTS,
    'Requested entity already exists',
  );
});
