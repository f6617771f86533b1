// The official Cloud Tasks client in REST mode (`fallback: true`: google-gax's HTTP/JSON transport, for browsers and
// where gRPC is blocked) against Tidings, through a recording proxy that shows the wire. gax appends
// `$alt=json%3Benum-encoding=int` to every call and sends enums as numbers, so the server answers them as numbers;
// Google's JSON leaves out default values; Empty answers are `{}`, never an empty body (gax throws on one); errors
// are `{"error":{code,message,status}}`, which gax turns back into gRPC codes.

import assert from 'node:assert/strict';
import {after, test} from 'node:test';
import {Code, uniqueProject, useServer} from '../lib/helpers.js';
import {startReceiver} from '../lib/receiver.js';
import {startRecordingProxy} from '../lib/recording-proxy.js';
import {
  HttpMethod,
  LOCATION,
  createQueue,
  duration,
  fastRetries,
  httpTask,
  listAllTasks,
  locationName,
  queueName,
  tasksRestClient,
  timestampIn,
  toSeconds,
  waitUntilTaskGone,
} from '../lib/tasks.js';

const env = useServer();
let proxy;
let receiver;

after(async () => {
  await proxy?.close();
  await receiver?.close();
});

/** A REST client through the proxy (started on first use, once useServer's hook has run). */
async function restTasks() {
  proxy ??= await startRecordingProxy(env.server.port);
  return tasksRestClient(env, {host: proxy.host});
}

/** The exchanges of one project, parsed: {method, path, query, status, json}. */
function wire(project) {
  return proxy.exchanges
    .filter(e => e.url.includes(`/projects/${project}/`) || e.url.includes(`/projects/${project}?`))
    .map(e => {
      const [path, query = ''] = e.url.split('?');
      return {...e, path, query, json: e.body === null || e.body === '' ? undefined : JSON.parse(e.body)};
    });
}

/** Asserts a REST call failed with the gRPC `code` gax decoded from Google's error shape, and the exact message. */
async function expectRestError(action, code, message) {
  let error;
  try {
    await action;
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected code ${code}, but the call succeeded`);
  assert.equal(error.code, code, `${error.message}`);
  if (message !== undefined) assert.ok(error.message.includes(message), `"${error.message}" does not carry "${message}"`);
  return error;
}

test('REST fallback: queues created, read, listed, updated, paused, resumed, purged and deleted', async () => {
  const project = uniqueProject();
  const tasks = await restTasks();
  const name = queueName(project, 'rest-queue');

  const created = await createQueue(tasks, project, 'rest-queue', {
    rateLimits: {maxDispatchesPerSecond: 20, maxConcurrentDispatches: 4},
    retryConfig: {maxAttempts: 5, minBackoff: duration(0.5), maxBackoff: duration(10)},
  });
  assert.equal(created.name, name);
  assert.equal(created.state, 'RUNNING');
  assert.equal(created.rateLimits.maxDispatchesPerSecond, 20);
  assert.equal(toSeconds(created.retryConfig.minBackoff), 0.5);

  const [got] = await tasks.getQueue({name});
  assert.equal(got.name, name);
  const [listed] = await tasks.listQueues({parent: locationName(project)});
  assert.deepEqual(listed.map(q => q.name), [name]);

  const [updated] = await tasks.updateQueue({
    queue: {name, rateLimits: {maxDispatchesPerSecond: 40, maxConcurrentDispatches: 99}},
    updateMask: {paths: ['rate_limits.max_dispatches_per_second']},
  });
  assert.equal(updated.rateLimits.maxDispatchesPerSecond, 40);
  assert.equal(updated.rateLimits.maxConcurrentDispatches, 4);

  assert.equal((await tasks.pauseQueue({name}))[0].state, 'PAUSED');
  assert.equal((await tasks.resumeQueue({name}))[0].state, 'RUNNING');
  const [purged] = await tasks.purgeQueue({name});
  assert.ok(toSeconds(purged.purgeTime) > 0);
  await tasks.deleteQueue({name});
  await expectRestError(tasks.getQueue({name}), Code.NOT_FOUND,
    'Queue does not exist. If you just created the queue, wait at least a minute for the queue to initialize.');

  const calls = wire(project);
  assert.ok(calls.length >= 9);
  for (const call of calls) {
    assert.match(call.query, /(^|&)\$alt=json%3Benum-encoding=int(&|$)/, `${call.method} ${call.url} lacks the $alt parameter`);
  }
  const createCall = calls.find(c => c.method === 'POST' && c.path === `/v2/${locationName(project)}/queues`);
  assert.equal(createCall.status, 200);
  assert.equal(createCall.json.state, 1, 'enums are numbers when the call asks for them');
  const pauseCall = calls.find(c => c.path === `/v2/${name}:pause`);
  assert.equal(pauseCall.json.state, 2);
  const patchCall = calls.find(c => c.method === 'PATCH');
  assert.equal(patchCall.path, `/v2/${name}`);
  assert.match(patchCall.query, /updateMask=rate_limits\.max_dispatches_per_second|updateMask=rateLimits\.maxDispatchesPerSecond/);
  const deleteCall = calls.find(c => c.method === 'DELETE');
  assert.equal(deleteCall.body, '{}', 'an Empty answer is {}');
  const missing = calls.at(-1);
  assert.equal(missing.status, 404);
  assert.deepEqual(Object.keys(missing.json.error).sort(), ['code', 'message', 'status']);
  assert.equal(missing.json.error.status, 'NOT_FOUND');
});

test('REST fallback: tasks created, read, listed, run and deleted; dispatch reaches the receiver', async () => {
  receiver ??= await startReceiver();
  const project = uniqueProject();
  const tasks = await restTasks();
  const queue = queueName(project, 'rest-tasks');
  await createQueue(tasks, project, 'rest-tasks', {retryConfig: fastRetries()});

  const [named] = await tasks.createTask({
    parent: queue,
    task: httpTask(receiver.url, {
      name: `${queue}/tasks/rest-named`,
      scheduleTime: timestampIn(3600),
      request: {httpMethod: HttpMethod.PATCH, headers: {'X-Kind': 'rest'}, body: Buffer.from('payload')},
    }),
    responseView: 'FULL',
  });
  assert.equal(named.name, `${queue}/tasks/rest-named`);
  assert.equal(named.httpRequest.httpMethod, 'PATCH');
  assert.equal(Buffer.from(named.httpRequest.body).toString(), 'payload');

  const [got] = await tasks.getTask({name: named.name, responseView: 'FULL'});
  assert.equal(got.httpRequest.headers['X-Kind'], 'rest');
  assert.equal((await listAllTasks(tasks, queue)).length, 1);
  await expectRestError(
    tasks.createTask({parent: queue, task: httpTask(receiver.url, {name: named.name})}),
    Code.ALREADY_EXISTS,
    'Requested entity already exists',
  );

  const [ran] = await tasks.runTask({name: named.name});
  assert.equal(ran.dispatchCount, 1);
  const request = await receiver.waitForRequest(1);
  assert.equal(request.method, 'PATCH');
  assert.equal(request.text(), 'payload');
  assert.equal(request.headers['x-cloudtasks-taskname'], 'rest-named');
  await waitUntilTaskGone(tasks, named.name);

  const [doomed] = await tasks.createTask({parent: queue, task: httpTask(receiver.url, {scheduleTime: timestampIn(3600)})});
  await tasks.deleteTask({name: doomed.name});
  await expectRestError(tasks.getTask({name: doomed.name}), Code.NOT_FOUND);

  const calls = wire(project);
  const createCall = calls.find(c => c.method === 'POST' && c.path === `/v2/${queue}/tasks` && c.status === 200);
  assert.equal(createCall.json.view, 2, 'FULL as a number');
  assert.equal(createCall.json.httpRequest.httpMethod, 6, 'PATCH as a number');
  assert.equal(createCall.json.dispatchCount, undefined, 'zero counts are left out');
  const deleteCall = calls.find(c => c.method === 'DELETE');
  assert.equal(deleteCall.body, '{}');
});

test('REST fallback: the Locations mixin answers at the /v1 paths the client\'s own rules name', async () => {
  const project = uniqueProject();
  const tasks = await restTasks();

  const [location] = await tasks.getLocation({name: locationName(project)});
  assert.equal(location.locationId, LOCATION);
  const ids = [];
  for await (const l of tasks.listLocationsAsync({name: `projects/${project}`, pageSize: 10}, {autoPaginate: false})) ids.push(l.locationId);
  assert.ok(ids.length > 10 && ids.includes(LOCATION));

  const calls = wire(project);
  assert.ok(calls.some(c => c.path === `/v1/${locationName(project)}` && c.status === 200));
  assert.ok(calls.filter(c => c.path === `/v1/projects/${project}/locations`).length >= 2, 'paged through');
});
