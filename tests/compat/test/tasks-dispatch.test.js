// Cloud Tasks dispatch, end to end: tasks created with the official Node.js client are sent by a real server process
// to a local HTTP receiver. Google's request headers on the first attempt and on retries (the receiver answers 503,
// 404, then 200, as in the recordings of the real service, reference §1.10), the request as the task describes it,
// attempt records while a task waits for its retry, retry delays that double up to max_backoff and are never early,
// max_attempts, and OIDC and OAuth tokens that verify against the server's JWKS.

import assert from 'node:assert/strict';
import {after, describe, test} from 'node:test';
import {Code, expectGrpcError, uniqueProject, useServer, waitFor} from '../lib/helpers.js';
import {verifyBearer} from '../lib/jwt.js';
import {reply, startReceiver} from '../lib/receiver.js';
import {
  HttpMethod,
  createQueue,
  fastRetries,
  httpTask,
  parseEta,
  queueName,
  shortId,
  tasksClient,
  toSeconds,
  waitUntilTaskGone,
} from '../lib/tasks.js';

const env = useServer();
const receivers = [];
after(async () => {
  for (const receiver of receivers) await receiver.close();
});

const EMAIL = 'tasks-invoker@demo.iam.gserviceaccount.com';
const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';
const TASK_GONE = 'The task no longer exists, though a task with this name existed recently. The task either successfully completed or was deleted.';

async function newReceiver() {
  const receiver = await startReceiver();
  receivers.push(receiver);
  return receiver;
}

async function freshQueue(fields = {retryConfig: fastRetries()}) {
  const project = uniqueProject();
  const tasks = tasksClient(env);
  const queue = queueName(project, 'dispatch');
  await createQueue(tasks, project, 'dispatch', fields);
  return {project, tasks, queue};
}

describe('headers and retries', () => {
  test('503, 404, then 200: Google\'s headers on each attempt, then the task is gone', async () => {
    const receiver = await newReceiver();
    receiver.enqueue(reply.status(503), reply.status(404), reply.ok);
    const {tasks, queue} = await freshQueue({retryConfig: fastRetries({minBackoff: 0.1, maxBackoff: 0.5})});
    const name = `${queue}/tasks/order-7`;

    const [task] = await tasks.createTask({
      parent: queue,
      task: httpTask(receiver.url, {
        name,
        request: {
          httpMethod: HttpMethod.PUT,
          headers: {'content-type': 'application/json', 'X-Trace': 'trace-1', 'User-Agent': 'mine'},
          body: Buffer.from('{"order":7}'),
        },
      }),
    });
    const attempts = await Promise.all([1, 2, 3].map(n => receiver.waitForRequest(n, 15_000)));
    await waitUntilTaskGone(tasks, name);

    assert.equal(receiver.requests.length, 3);
    const header = (n, key) => attempts[n].headers[key];
    for (const [n, attempt] of attempts.entries()) {
      assert.equal(attempt.method, 'PUT');
      assert.equal(attempt.text(), '{"order":7}');
      assert.equal(header(n, 'content-type'), 'application/json');
      assert.equal(header(n, 'x-trace'), 'trace-1');
      assert.equal(header(n, 'user-agent'), 'Google-Cloud-Tasks', 'the service\'s User-Agent replaces the caller\'s');
      assert.equal(header(n, 'x-cloudtasks-queuename'), 'dispatch');
      assert.equal(header(n, 'x-cloudtasks-taskname'), 'order-7');
      assert.equal(header(n, 'x-cloudtasks-taskretrycount'), String(n));
      const eta = parseEta(header(n, 'x-cloudtasks-tasketa'));
      assert.ok(eta <= attempt.arrivedAtMs / 1000 + 0.1 && eta > attempt.arrivedAtMs / 1000 - 5,
        `attempt ${n}: ETA ${eta} is not the due time of an attempt that arrived at ${attempt.arrivedAtMs / 1000}`);
    }
    assert.equal(parseEta(header(0, 'x-cloudtasks-tasketa')).toFixed(3), toSeconds(task.scheduleTime).toFixed(3),
      'the first ETA is the task\'s schedule time');
    assert.deepEqual(attempts.map((_, n) => header(n, 'x-cloudtasks-taskexecutioncount')), ['0', '0', '1'],
      'the execution count leaves out 5xx answers');
    assert.deepEqual(attempts.map((_, n) => header(n, 'x-cloudtasks-taskpreviousresponse')), [undefined, '503', '404']);
    assert.deepEqual(attempts.map((_, n) => header(n, 'x-cloudtasks-taskretryreason')), [undefined, '', '']);

    await expectGrpcError(tasks.getTask({name}), Code.NOT_FOUND, TASK_GONE);
  });

  test('a task waiting for its retry shows its attempts: counts, times and the status of the answer', async () => {
    const receiver = await newReceiver();
    receiver.enqueue(reply.status(503));
    const {tasks, queue} = await freshQueue({retryConfig: fastRetries({minBackoff: 60, maxBackoff: 120})});

    const [task] = await tasks.createTask({parent: queue, task: httpTask(receiver.url)});
    const first = await receiver.waitForRequest(1);
    const waiting = await waitFor(async () => {
      const [t] = await tasks.getTask({name: task.name});
      return t.responseCount === 1 ? t : null;
    }, 10_000, {describe: () => 'the failed attempt was never recorded'});

    assert.equal(waiting.dispatchCount, 1);
    assert.equal(waiting.responseCount, 1);
    assert.ok(waiting.firstAttempt?.dispatchTime, 'first_attempt has its dispatch time');
    const last = waiting.lastAttempt;
    for (const field of ['scheduleTime', 'dispatchTime', 'responseTime']) assert.ok(last?.[field], `last_attempt.${field} is set`);
    assert.ok(Math.abs(toSeconds(last.dispatchTime) - first.arrivedAtMs / 1000) < 2);
    assert.equal(last.responseStatus.code, Code.UNAVAILABLE, 'HTTP 503 is recorded as UNAVAILABLE');
    const retryAt = toSeconds(waiting.scheduleTime);
    const answeredAt = toSeconds(last.responseTime);
    assert.ok(retryAt >= answeredAt + 60 - 0.01 && retryAt <= answeredAt + 62,
      `the retry is due min_backoff after the answer: ${retryAt} vs ${answeredAt}`);

    await tasks.deleteTask({name: task.name});
  });

  test('retries come min_backoff after the failure, doubling up to max_backoff, never early', async () => {
    const receiver = await newReceiver();
    receiver.failTimes(5, 500);
    const {tasks, queue} = await freshQueue({retryConfig: fastRetries({minBackoff: 0.25, maxBackoff: 1, maxDoublings: 16})});

    const [task] = await tasks.createTask({parent: queue, task: httpTask(receiver.url)});
    await receiver.waitForRequest(6, 20_000);
    await waitUntilTaskGone(tasks, task.name);

    const expected = [0.25, 0.5, 1, 1, 1];
    const gaps = expected.map((_, k) => (receiver.requests[k + 1].arrivedAt - receiver.requests[k].answeredAt) / 1000);
    for (const [k, gap] of gaps.entries()) {
      assert.ok(gap >= expected[k] - 0.03, `retry ${k + 1} came after ${gap.toFixed(3)} s, before its ${expected[k]} s backoff`);
      assert.ok(gap <= expected[k] + 0.75, `retry ${k + 1} came after ${gap.toFixed(3)} s, long after its ${expected[k]} s backoff`);
    }
    assert.deepEqual(receiver.requests.map(r => r.headers['x-cloudtasks-taskexecutioncount']), ['0', '0', '0', '0', '0', '0']);
  });

  test('max_attempts ends a failing task: exactly that many attempts, then it is deleted', async () => {
    const receiver = await newReceiver();
    receiver.defaultReply = reply.status(500);
    const {tasks, queue} = await freshQueue({retryConfig: fastRetries({maxAttempts: 3, minBackoff: 0.1, maxBackoff: 0.2})});

    const [task] = await tasks.createTask({parent: queue, task: httpTask(receiver.url)});
    await waitUntilTaskGone(tasks, task.name, 15_000);

    assert.equal(receiver.requests.length, 3);
    assert.deepEqual(receiver.requests.map(r => r.headers['x-cloudtasks-taskretrycount']), ['0', '1', '2']);
    assert.equal(shortId(task.name), receiver.requests[0].headers['x-cloudtasks-taskname']);
  });
});

describe('tokens', () => {
  test('an OIDC token replaces the caller\'s Authorization and verifies; its audience is the URL by default', async () => {
    const receiver = await newReceiver();
    const {tasks, queue} = await freshQueue();

    await tasks.createTask({
      parent: queue,
      task: httpTask(receiver.url, {request: {headers: {Authorization: 'Basic c2VjcmV0'}, oidcToken: {serviceAccountEmail: EMAIL}}}),
    });
    await tasks.createTask({
      parent: queue,
      task: httpTask(receiver.url, {request: {oidcToken: {serviceAccountEmail: EMAIL, audience: 'https://worker.example.com'}}}),
    });
    await receiver.waitForRequest(2);

    const claims = await Promise.all(receiver.requests.map(r => verifyBearer(env.server.baseUrl, r.headers.authorization)));
    const byAudience = new Map(claims.map(c => [c.aud, c]));
    assert.ok(byAudience.has(receiver.url), `audiences: ${[...byAudience.keys()].join(', ')}`);
    assert.ok(byAudience.has('https://worker.example.com'));
    for (const c of claims) {
      assert.equal(c.email, EMAIL);
      assert.equal(c.email_verified, true);
      assert.match(String(c.sub), /^\d+$/);
    }
  });

  test('an OAuth token is a Bearer token for the service account with the cloud-platform scope by default', async () => {
    const receiver = await newReceiver();
    const {tasks, queue} = await freshQueue();

    await tasks.createTask({parent: queue, task: httpTask(receiver.url, {request: {oauthToken: {serviceAccountEmail: EMAIL}}})});
    await tasks.createTask({
      parent: queue,
      task: httpTask(receiver.url, {request: {oauthToken: {serviceAccountEmail: EMAIL, scope: 'https://www.googleapis.com/auth/pubsub'}}}),
    });
    await receiver.waitForRequest(2);

    const claims = await Promise.all(receiver.requests.map(r => verifyBearer(env.server.baseUrl, r.headers.authorization)));
    assert.deepEqual(claims.map(c => c.scope).sort(), [CLOUD_PLATFORM, 'https://www.googleapis.com/auth/pubsub'].sort());
    assert.ok(claims.every(c => c.email === EMAIL));
  });
});
