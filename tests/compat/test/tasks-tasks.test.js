// Cloud Tasks tasks through the official Node.js client over gRPC: creation with a name of the caller's or one the
// server generates, what a created task holds (schedule and create times, the stored User-Agent, BASIC and FULL
// views), ListTasks, DeleteTask, de-duplication of names (ALREADY_EXISTS while the task exists and after it was
// deleted), and Google's errors for bad ids, names of another queue and tasks that never existed.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {Code, expectGrpcError, uniqueProject, useServer} from '../lib/helpers.js';
import {
  HttpMethod,
  createQueue,
  httpTask,
  listAllTasks,
  queueName,
  shortId,
  tasksClient,
  timestampIn,
  toSeconds,
} from '../lib/tasks.js';

const env = useServer();

const LATER = 3600;
const URL = 'http://127.0.0.1:9/handler';
const ENTITY_NOT_FOUND = 'Requested entity was not found.';
const TASK_GONE = 'The task no longer exists, though a task with this name existed recently. The task either successfully completed or was deleted.';

/** A queue of its own in a project of its own, with its client. */
async function freshQueue(id = 'work') {
  const project = uniqueProject();
  const tasks = tasksClient(env);
  const queue = queueName(project, id);
  await createQueue(tasks, project, id);
  return {project, tasks, queue};
}

describe('creating tasks', () => {
  test('a named task is created as given; create_time is whole seconds, schedule_time as asked', async () => {
    const {tasks, queue} = await freshQueue();
    const scheduleTime = timestampIn(LATER);

    const [task] = await tasks.createTask({
      parent: queue,
      task: httpTask(URL, {
        name: `${queue}/tasks/order-42_a`,
        scheduleTime,
        request: {httpMethod: HttpMethod.PUT, headers: {'content-type': 'application/json', 'X-Trace': 'abc'}, body: Buffer.from('{"id":42}')},
      }),
      responseView: 'FULL',
    });

    assert.equal(task.name, `${queue}/tasks/order-42_a`);
    assert.equal(task.view, 'FULL');
    assert.equal(task.httpRequest.url, URL);
    assert.equal(task.httpRequest.httpMethod, 'PUT');
    assert.equal(Buffer.from(task.httpRequest.body).toString(), '{"id":42}');
    assert.equal(task.httpRequest.headers['content-type'], 'application/json', 'caller header keys keep their casing');
    assert.equal(task.httpRequest.headers['X-Trace'], 'abc');
    assert.equal(task.httpRequest.headers['User-Agent'], 'Google-Cloud-Tasks', 'the stored headers gain the User-Agent');
    assert.equal(Object.keys(task.httpRequest.headers).filter(k => k.toLowerCase() === 'content-type').length, 1);
    assert.equal(Number(task.scheduleTime.seconds), scheduleTime.seconds);
    assert.equal(Math.round(Number(task.scheduleTime.nanos) / 1000), Math.round(scheduleTime.nanos / 1000), 'microsecond precision');
    const created = toSeconds(task.createTime);
    assert.equal(Number(task.createTime.nanos), 0, 'create_time is truncated to whole seconds');
    assert.ok(Math.abs(created - Date.now() / 1000) < 5);
    assert.equal(task.dispatchCount, 0);
    assert.equal(task.responseCount, 0);
    assert.equal(task.firstAttempt, null);
    assert.equal(task.lastAttempt, null);
    assert.equal(toSeconds(task.dispatchDeadline), 600, 'HTTP targets default to a 10 minute dispatch deadline');

    const [got] = await tasks.getTask({name: task.name, responseView: 'FULL'});
    assert.deepEqual(got, task);
  });

  test('a task without a name gets a generated one; without a schedule time it is due now; POST is the default', async () => {
    const {tasks, queue} = await freshQueue('paused');
    await tasks.pauseQueue({name: queue});

    const [task] = await tasks.createTask({parent: queue, task: httpTask(URL)});

    assert.match(task.name, new RegExp(`^${queue}/tasks/[A-Za-z0-9_-]{1,500}$`));
    assert.ok(Math.abs(toSeconds(task.scheduleTime) - Date.now() / 1000) < 5, 'due now');
    assert.equal(task.view, 'BASIC');
    assert.equal(task.httpRequest.httpMethod, 'POST');
    const [other] = await tasks.createTask({parent: queue, task: httpTask(URL)});
    assert.notEqual(other.name, task.name, 'generated names differ');
  });

  test('ListTasks answers every task of the queue, BASIC by default and FULL on request', async () => {
    const {tasks, queue} = await freshQueue();
    const created = [];
    for (let i = 0; i < 5; i++) {
      const [t] = await tasks.createTask({
        parent: queue,
        task: httpTask(URL, {scheduleTime: timestampIn(LATER), request: {body: Buffer.from(`body-${i}`)}}),
      });
      created.push(t.name);
    }

    const basic = [];
    for await (const t of tasks.listTasksAsync({parent: queue, pageSize: 2})) basic.push(t);
    assert.deepEqual(basic.map(t => t.name).sort(), [...created].sort());
    assert.ok(basic.every(t => t.view === 'BASIC'));

    const full = await listAllTasks(tasks, queue, 'FULL');
    assert.ok(full.every(t => t.view === 'FULL'));
    assert.deepEqual(full.map(t => Buffer.from(t.httpRequest.body).toString()).sort(), [0, 1, 2, 3, 4].map(i => `body-${i}`));
  });

  test('DeleteTask removes a scheduled task; afterwards GetTask says it existed recently', async () => {
    const {tasks, queue} = await freshQueue();
    const name = `${queue}/tasks/to-delete`;
    await tasks.createTask({parent: queue, task: httpTask(URL, {name, scheduleTime: timestampIn(LATER)})});

    await tasks.deleteTask({name});

    assert.deepEqual(await listAllTasks(tasks, queue), []);
    await expectGrpcError(tasks.getTask({name}), Code.NOT_FOUND, TASK_GONE);
    await expectGrpcError(tasks.deleteTask({name}), Code.NOT_FOUND);
  });
});

describe('de-duplication', () => {
  test('a name in use, or of a task deleted within the window, is ALREADY_EXISTS', async () => {
    const {tasks, queue} = await freshQueue();
    const name = `${queue}/tasks/only-once`;
    await tasks.createTask({parent: queue, task: httpTask(URL, {name, scheduleTime: timestampIn(LATER)})});

    await expectGrpcError(
      tasks.createTask({parent: queue, task: httpTask(URL, {name, scheduleTime: timestampIn(LATER)})}),
      Code.ALREADY_EXISTS,
      'Requested entity already exists',
    );

    await tasks.deleteTask({name});
    await expectGrpcError(
      tasks.createTask({parent: queue, task: httpTask(URL, {name})}),
      Code.ALREADY_EXISTS,
      'Requested entity already exists',
    );
    assert.deepEqual(await listAllTasks(tasks, queue), [], 'the refused task was not created');
  });

  test('purged task names stay reserved', async () => {
    const {tasks, queue} = await freshQueue();
    const name = `${queue}/tasks/purged-name`;
    await tasks.createTask({parent: queue, task: httpTask(URL, {name, scheduleTime: timestampIn(LATER)})});

    await tasks.purgeQueue({name: queue});

    await expectGrpcError(
      tasks.createTask({parent: queue, task: httpTask(URL, {name})}),
      Code.ALREADY_EXISTS,
      'Requested entity already exists',
    );
  });

  test('the same task id in another queue is another task', async () => {
    const {project, tasks, queue} = await freshQueue('first');
    await createQueue(tasks, project, 'second');
    const second = queueName(project, 'second');

    await tasks.createTask({parent: queue, task: httpTask(URL, {name: `${queue}/tasks/shared`, scheduleTime: timestampIn(LATER)})});
    const [other] = await tasks.createTask({
      parent: second,
      task: httpTask(URL, {name: `${second}/tasks/shared`, scheduleTime: timestampIn(LATER)}),
    });

    assert.equal(shortId(other.name), 'shared');
  });
});

describe('task errors', () => {
  for (const bad of ['has space', 'dot.ted', 'x'.repeat(501)]) {
    test(`task id "${bad.length > 20 ? `x × ${bad.length}` : bad}" is INVALID_ARGUMENT with Google's text`, async () => {
      const {tasks, queue} = await freshQueue();
      await expectGrpcError(
        tasks.createTask({parent: queue, task: httpTask(URL, {name: `${queue}/tasks/${bad}`})}),
        Code.INVALID_ARGUMENT,
        `Task ID "${bad}" can contain only letters ([A-Za-z]), numbers ([0-9]), hyphens (-), or underscores (_). Task ID must between 1 and 500 characters.`,
      );
    });
  }

  test('a task named in another queue is INVALID_ARGUMENT naming both queues', async () => {
    const {project, tasks, queue} = await freshQueue('here');
    const there = queueName(project, 'there');
    await expectGrpcError(
      tasks.createTask({parent: queue, task: httpTask(URL, {name: `${there}/tasks/misplaced`})}),
      Code.INVALID_ARGUMENT,
      `The queue name from request ('${queue}') must be the same as the queue name in the named task ('${there}').`,
    );
  });

  test('GetTask, DeleteTask and RunTask of a task that never existed are NOT_FOUND', async () => {
    const {tasks, queue} = await freshQueue();
    const name = `${queue}/tasks/never`;
    await expectGrpcError(tasks.getTask({name}), Code.NOT_FOUND, ENTITY_NOT_FOUND);
    await expectGrpcError(tasks.deleteTask({name}), Code.NOT_FOUND, ENTITY_NOT_FOUND);
    await expectGrpcError(tasks.runTask({name}), Code.NOT_FOUND, ENTITY_NOT_FOUND);
  });

  test('a task without a target, with a bad URL, with a body on GET or too far ahead is INVALID_ARGUMENT', async () => {
    const {tasks, queue} = await freshQueue();
    const refused = async task => expectGrpcError(tasks.createTask({parent: queue, task}), Code.INVALID_ARGUMENT);

    await refused({scheduleTime: timestampIn(LATER)});
    await refused(httpTask('ftp://127.0.0.1/file'));
    await refused(httpTask('/relative/path'));
    await refused(httpTask(URL, {request: {httpMethod: HttpMethod.GET, body: Buffer.from('not allowed')}}));
    await refused(httpTask(URL, {scheduleTime: timestampIn(31 * 24 * 3600)}));
    await refused(httpTask(URL, {dispatchDeadline: {seconds: 14}}));
    await refused(httpTask(URL, {dispatchDeadline: {seconds: 1801}}));
    assert.deepEqual(await listAllTasks(tasks, queue), []);
  });
});
