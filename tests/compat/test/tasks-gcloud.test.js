// The Google Cloud CLI against Tidings' Cloud Tasks, unchanged, after `gcloud config set
// api_endpoint_overrides/cloudtasks` and `auth/disable_credentials`: `gcloud tasks locations …`, `gcloud tasks
// queues create/describe/list/update/pause/resume/purge/delete`, `gcloud tasks create-http-task` and `gcloud tasks
// list/describe/run/delete`, with what gcloud prints on stdout and stderr and Google's errors as gcloud shows them.
// Every command names --location: without it gcloud asks App Engine (a real Google API) where the app is.
//
// Each gcloud call costs a Python start-up (about a second), so assertions are grouped and every call checks several
// things; state that gcloud cannot show cheaply is checked with the Node client.

import assert from 'node:assert/strict';
import {after, test} from 'node:test';
import {useGcloud} from '../lib/gcloud.js';
import {uniqueProject, useServer} from '../lib/helpers.js';
import {verifyBearer} from '../lib/jwt.js';
import {reply, startReceiver} from '../lib/receiver.js';
import {LOCATION, listAllTasks, queueName, tasksClient, toSeconds, waitUntilTaskGone} from '../lib/tasks.js';

const env = useServer();
const gcloud = useGcloud(env, {services: ['cloudtasks']});
const started = Date.now();
let receiver;

after(async () => {
  await receiver?.close();
  console.log(`# gcloud tasks: ${gcloud.calls} invocations in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

const EMAIL = 'gcloud-invoker@demo.iam.gserviceaccount.com';
const at = ['--location', LOCATION];
const queues = (...args) => ['tasks', 'queues', ...args, ...at];
const taskCommand = (...args) => ['tasks', ...args, ...at];

/** Lines of gcloud's stderr, for exact matches of its status and error lines. */
const lines = text => text.split('\n').filter(Boolean);

/** Rows of a gcloud table (columns separated by two or more spaces); the header row first. */
const tableRows = stdout => lines(stdout).map(line => line.trim().split(/\s{2,}/));

/**
 * Asserts gcloud printed the error line of an API error: the command, Google's status name and message, and then
 * only gcloud's own note that the command ran without credentials.
 */
function assertApiError(result, command, status, message) {
  const expected = `ERROR: (gcloud.tasks.${command}) ${status}: ${message}`;
  const line = lines(result.stderr).find(l => l.startsWith('ERROR: '));
  assert.ok(line === expected || line?.startsWith(`${expected} This command is unauthenticated`),
    `expected the line\n${expected}\nin\n${result.stderr}`);
}

test('gcloud tasks locations list pages through the locations; describe shows one', async () => {
  const project = uniqueProject();

  const listed = await gcloud.ok(['tasks', 'locations', 'list', '--page-size=4', '--limit=6'], {project});
  const rows = tableRows(listed.stdout).filter(row => row[0] !== 'NAME');
  assert.deepEqual(tableRows(listed.stdout)[0], ['NAME', 'FULL_NAME']);
  assert.deepEqual(rows.map(row => row[0]), ['asia-east1', 'asia-east2', 'asia-northeast1', 'asia-northeast2', 'asia-northeast3', 'asia-south1']);
  assert.deepEqual(rows[0], ['asia-east1', `projects/${project}/locations/asia-east1`]);

  const described = await gcloud.ok(['tasks', 'locations', 'describe', LOCATION, '--format=json'], {project});
  assert.deepEqual(described.json(), {
    name: `projects/${project}/locations/${LOCATION}`,
    locationId: LOCATION,
    displayName: 'Iowa',
    labels: {'cloud.googleapis.com/region': LOCATION},
  });
});

test('gcloud tasks queues: create with flags, describe, list, update, pause, resume, purge, delete, and the errors', async () => {
  const project = uniqueProject();
  const name = queueName(project, 'gq');

  const created = await gcloud.ok(queues('create', 'gq',
    '--max-attempts=5', '--max-retry-duration=60s', '--min-backoff=0.5s', '--max-backoff=10s', '--max-doublings=3',
    '--max-dispatches-per-second=10', '--max-concurrent-dispatches=3'), {project});
  assert.deepEqual(lines(created.stderr), [`Created queue [${LOCATION}/gq].`]);

  const described = (await gcloud.ok(queues('describe', 'gq', '--format=json'), {project})).json();
  assert.equal(described.name, name);
  assert.equal(described.state, 'RUNNING');
  assert.deepEqual(described.retryConfig, {maxAttempts: 5, maxRetryDuration: '60s', minBackoff: '0.500s', maxBackoff: '10s', maxDoublings: 3});
  assert.equal(described.rateLimits.maxDispatchesPerSecond, 10);
  assert.equal(described.rateLimits.maxConcurrentDispatches, 3);
  assert.ok(described.rateLimits.maxBurstSize > 0);

  const duplicate = await gcloud.fails(queues('create', 'gq'), {project});
  assertApiError(duplicate, 'queues.create', 'ALREADY_EXISTS', 'Queue already exists');

  const updated = await gcloud.ok(queues('update', 'gq', '--max-attempts=9', '--max-dispatches-per-second=20'), {project});
  assert.deepEqual(lines(updated.stderr), [`Updated queue [${LOCATION}/gq].`]);
  await gcloud.ok(queues('create', 'other'), {project});
  await gcloud.ok(queues('pause', 'other'), {project});

  const listed = await gcloud.ok(queues('list'), {project});
  assert.deepEqual(tableRows(listed.stdout), [
    ['QUEUE_NAME', 'STATE', 'MAX_NUM_OF_TASKS', 'MAX_RATE (/sec)', 'MAX_ATTEMPTS'],
    ['gq', 'RUNNING', '3', '20.0', '9'],
    ['other', 'PAUSED', '1000', '500.0', '100'],
  ]);

  const tasks = tasksClient(env);
  const [afterUpdate] = await tasks.getQueue({name});
  assert.equal(toSeconds(afterUpdate.retryConfig.minBackoff), 0.5, 'fields outside the update are kept');

  const paused = await gcloud.ok(queues('pause', 'gq'), {project});
  assert.deepEqual(lines(paused.stderr), [`Paused queue [${LOCATION}/gq].`]);
  const resumed = await gcloud.ok(queues('resume', 'gq'), {project});
  assert.deepEqual(lines(resumed.stderr), [`Resumed queue [${LOCATION}/gq].`]);
  assert.equal((await tasks.getQueue({name}))[0].state, 'RUNNING');
  const purged = await gcloud.ok(queues('purge', 'gq'), {project});
  assert.deepEqual(lines(purged.stderr), [`Purged queue [${LOCATION}/gq].`]);
  assert.ok(toSeconds((await tasks.getQueue({name}))[0].purgeTime) > 0);

  const deleted = await gcloud.ok(queues('delete', 'gq'), {project});
  assert.deepEqual(lines(deleted.stderr), [`Deleted queue [${LOCATION}/gq].`]);
  const missing = await gcloud.fails(queues('describe', 'gq'), {project});
  assertApiError(missing, 'queues.describe', 'NOT_FOUND',
    'Queue does not exist. If you just created the queue, wait at least a minute for the queue to initialize.');
  const recreated = await gcloud.fails(queues('create', 'gq'), {project});
  assertApiError(recreated, 'queues.create', 'FAILED_PRECONDITION',
    'The queue cannot be created because a queue with this name existed too recently.');
});

test('gcloud tasks create-http-task, list, describe, run and delete; the task reaches the receiver', async () => {
  receiver = await startReceiver();
  receiver.defaultReply = reply.ok;
  const project = uniqueProject();
  const name = queueName(project, 'gt');
  await gcloud.ok(queues('create', 'gt'), {project});
  await gcloud.ok(queues('pause', 'gt'), {project});

  // Whole seconds, as gcloud prints times back; within Google's 30 days.
  const scheduleTime = new Date(Math.ceil(Date.now() / 1000 + 86_400) * 1000).toISOString().replace('.000Z', 'Z');
  const created = await gcloud.ok(taskCommand('create-http-task', 'first', '--queue=gt', `--url=${receiver.url}`,
    '--method=PUT', '--header=X-Origin:gcloud', '--header=Content-Type:text/plain', '--body-content=hello tasks',
    `--oidc-service-account-email=${EMAIL}`, `--schedule-time=${scheduleTime}`), {project});
  assert.deepEqual(lines(created.stderr), [`Created task [${name}/tasks/first].`]);
  await gcloud.ok(taskCommand('create-http-task', 'second', '--queue=gt', `--url=${receiver.url}`), {project});

  const duplicate = await gcloud.fails(taskCommand('create-http-task', 'first', '--queue=gt', `--url=${receiver.url}`), {project});
  assertApiError(duplicate, 'create-http-task', 'ALREADY_EXISTS', 'Requested entity already exists');

  const listed = await gcloud.ok(taskCommand('list', '--queue=gt'), {project});
  const rows = tableRows(listed.stdout);
  assert.deepEqual(rows[0], ['TASK_NAME', 'TYPE', 'CREATE_TIME', 'SCHEDULE_TIME', 'DISPATCH_ATTEMPTS', 'RESPONSE_ATTEMPTS', 'LAST_ATTEMPT_STATUS']);
  assert.deepEqual(rows.slice(1).map(row => [row[0], row[1]]).sort(), [['first', 'http'], ['second', 'http']]);

  const described = (await gcloud.ok(taskCommand('describe', 'first', '--queue=gt', '--response-view=full', '--format=json'), {project})).json();
  assert.equal(described.name, `${name}/tasks/first`);
  assert.equal(described.scheduleTime, scheduleTime);
  assert.equal(described.httpRequest.url, receiver.url);
  assert.equal(described.httpRequest.httpMethod, 'PUT');
  assert.equal(Buffer.from(described.httpRequest.body, 'base64').toString(), 'hello tasks');
  assert.equal(described.httpRequest.headers['X-Origin'], 'gcloud');
  assert.deepEqual(described.httpRequest.oidcToken, {serviceAccountEmail: EMAIL});

  const ran = await gcloud.ok(taskCommand('run', 'first', '--queue=gt', '--format=json'), {project});
  assert.equal(ran.json().dispatchCount, 1);
  const request = await receiver.waitForRequest(1);
  assert.equal(request.method, 'PUT');
  assert.equal(request.text(), 'hello tasks');
  assert.equal(request.headers['x-origin'], 'gcloud');
  assert.equal(request.headers['content-type'], 'text/plain');
  assert.equal(request.headers['x-cloudtasks-taskname'], 'first');
  assert.equal(request.headers['x-cloudtasks-queuename'], 'gt');
  const claims = await verifyBearer(env.server.baseUrl, request.headers.authorization);
  assert.equal(claims.aud, receiver.url);
  assert.equal(claims.email, EMAIL);
  const tasks = tasksClient(env);
  await waitUntilTaskGone(tasks, `${name}/tasks/first`);

  const deleted = await gcloud.ok(taskCommand('delete', 'second', '--queue=gt'), {project});
  assert.deepEqual(lines(deleted.stderr), [`Deleted task [second].`]);
  assert.deepEqual(await listAllTasks(tasks, name), []);
  const missing = await gcloud.fails(taskCommand('describe', 'never', '--queue=gt'), {project});
  assertApiError(missing, 'describe', 'NOT_FOUND', 'Requested entity was not found.');
});
