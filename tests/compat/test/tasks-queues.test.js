// Cloud Tasks queues through the official Node.js client (`@google-cloud/tasks` 7.1.0, v2, over gRPC): create with
// the defaults Google fills in, get, list in lexicographical order with paging and a state filter, update with and
// without a mask (and as an upsert), pause, resume, purge, delete and the name's reservation, the IAM methods, the
// Locations mixin, and the codes and exact messages of Google's errors (reference §1.12).

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {Code, expectGrpcError, uniqueProject, useServer} from '../lib/helpers.js';
import {
  LOCATION,
  createQueue,
  duration,
  httpTask,
  listAllTasks,
  locationName,
  queueName,
  tasksClient,
  timestampIn,
  toSeconds,
} from '../lib/tasks.js';

const env = useServer();

const QUEUE_NOT_FOUND = 'Queue does not exist. If you just created the queue, wait at least a minute for the queue to initialize.';
const ENTITY_NOT_FOUND = 'Requested entity was not found.';
const QUEUE_NAME_FORMAT = 'Queue name must be formatted: "projects/<PROJECT_ID>/locations/<LOCATION_ID>/queues/<QUEUE_ID>".';

describe('queue lifecycle', () => {
  test('a queue created with only a name gets Google\'s defaults, and GetQueue answers the same', async () => {
    const project = uniqueProject();
    const tasks = tasksClient(env);

    const created = await createQueue(tasks, project, 'defaults');

    assert.equal(created.name, queueName(project, 'defaults'));
    assert.equal(created.state, 'RUNNING');
    assert.equal(created.rateLimits.maxDispatchesPerSecond, 500);
    assert.equal(created.rateLimits.maxBurstSize, 100);
    assert.equal(created.rateLimits.maxConcurrentDispatches, 1000);
    assert.equal(created.retryConfig.maxAttempts, 100);
    assert.equal(toSeconds(created.retryConfig.minBackoff), 0.1);
    assert.equal(toSeconds(created.retryConfig.maxBackoff), 3600);
    assert.equal(created.retryConfig.maxDoublings, 16);
    assert.ok(!toSeconds(created.retryConfig.maxRetryDuration), 'max_retry_duration is unlimited (0 or unset)');
    assert.equal(created.purgeTime, null, 'a queue never purged has no purge_time');

    const [got] = await tasks.getQueue({name: created.name});
    assert.deepEqual(got, created);
  });

  test('the settings given at creation are kept; max_burst_size is chosen by the server', async () => {
    const project = uniqueProject();
    const tasks = tasksClient(env);

    const created = await createQueue(tasks, project, 'tuned', {
      rateLimits: {maxDispatchesPerSecond: 7.5, maxConcurrentDispatches: 3, maxBurstSize: 4321},
      retryConfig: {maxAttempts: -1, maxRetryDuration: duration(120), minBackoff: duration(0.5), maxBackoff: duration(30), maxDoublings: 2},
      stackdriverLoggingConfig: {samplingRatio: 0.25},
    });

    assert.equal(created.rateLimits.maxDispatchesPerSecond, 7.5);
    assert.equal(created.rateLimits.maxConcurrentDispatches, 3);
    assert.notEqual(created.rateLimits.maxBurstSize, 4321, 'max_burst_size is output only in v2');
    assert.ok(created.rateLimits.maxBurstSize > 0);
    assert.equal(created.retryConfig.maxAttempts, -1);
    assert.equal(toSeconds(created.retryConfig.maxRetryDuration), 120);
    assert.equal(toSeconds(created.retryConfig.minBackoff), 0.5);
    assert.equal(toSeconds(created.retryConfig.maxBackoff), 30);
    assert.equal(created.retryConfig.maxDoublings, 2);
    assert.equal(created.stackdriverLoggingConfig.samplingRatio, 0.25);
  });

  test('ListQueues answers in lexicographical order, page by page, and filters on state', async () => {
    const project = uniqueProject();
    const tasks = tasksClient(env);
    for (const id of ['delta', 'alpha', 'charlie', 'bravo', 'echo']) await createQueue(tasks, project, id);
    await tasks.pauseQueue({name: queueName(project, 'charlie')});
    await tasks.pauseQueue({name: queueName(project, 'alpha')});

    const names = [];
    let pageToken;
    let pages = 0;
    do {
      const [queues, , response] = await tasks.listQueues(
        {parent: locationName(project), pageSize: 2, pageToken},
        {autoPaginate: false},
      );
      assert.ok(queues.length <= 2);
      names.push(...queues.map(q => q.name));
      pageToken = response?.nextPageToken;
      pages += 1;
    } while (pageToken);
    assert.deepEqual(names, ['alpha', 'bravo', 'charlie', 'delta', 'echo'].map(id => queueName(project, id)));
    assert.equal(pages, 3);

    const [paused] = await tasks.listQueues({parent: locationName(project), filter: 'state: PAUSED'});
    assert.deepEqual(paused.map(q => q.name), [queueName(project, 'alpha'), queueName(project, 'charlie')]);

    const [elsewhere] = await tasks.listQueues({parent: locationName(project, 'europe-west1')});
    assert.deepEqual(elsewhere, [], 'queues live in their own location');
  });

  test('UpdateQueue changes only the masked fields, all fields without a mask, and creates a missing queue', async () => {
    const project = uniqueProject();
    const tasks = tasksClient(env);
    const name = queueName(project, 'updated');
    await createQueue(tasks, project, 'updated', {rateLimits: {maxDispatchesPerSecond: 10, maxConcurrentDispatches: 5}});

    const [masked] = await tasks.updateQueue({
      queue: {name, rateLimits: {maxDispatchesPerSecond: 20, maxConcurrentDispatches: 99}},
      updateMask: {paths: ['rate_limits.max_dispatches_per_second']},
    });
    assert.equal(masked.rateLimits.maxDispatchesPerSecond, 20);
    assert.equal(masked.rateLimits.maxConcurrentDispatches, 5, 'a field outside the mask is kept');

    const [camel] = await tasks.updateQueue({
      queue: {name, retryConfig: {maxAttempts: 7}},
      updateMask: {paths: ['retryConfig.maxAttempts']},
    });
    assert.equal(camel.retryConfig.maxAttempts, 7);
    assert.equal(camel.rateLimits.maxDispatchesPerSecond, 20);

    const [upserted] = await tasks.updateQueue({
      queue: {name: queueName(project, 'upserted'), rateLimits: {maxDispatchesPerSecond: 3}},
    });
    assert.equal(upserted.name, queueName(project, 'upserted'));
    assert.equal(upserted.state, 'RUNNING');
    assert.equal(upserted.rateLimits.maxDispatchesPerSecond, 3);
    const [got] = await tasks.getQueue({name: queueName(project, 'upserted')});
    assert.deepEqual(got, upserted);
  });

  test('PauseQueue and ResumeQueue switch the state; a paused queue still accepts tasks', async () => {
    const project = uniqueProject();
    const tasks = tasksClient(env);
    const name = queueName(project, 'switch');
    await createQueue(tasks, project, 'switch');

    const [paused] = await tasks.pauseQueue({name});
    assert.equal(paused.state, 'PAUSED');
    assert.equal((await tasks.getQueue({name}))[0].state, 'PAUSED');
    const [task] = await tasks.createTask({parent: name, task: httpTask('http://127.0.0.1:9/never', {scheduleTime: timestampIn(3600)})});
    assert.ok(task.name.startsWith(`${name}/tasks/`));

    const [resumed] = await tasks.resumeQueue({name});
    assert.equal(resumed.state, 'RUNNING');
    assert.equal((await tasks.getQueue({name}))[0].state, 'RUNNING');
  });

  test('PurgeQueue removes the tasks created before it and sets purge_time', async () => {
    const project = uniqueProject();
    const tasks = tasksClient(env);
    const name = queueName(project, 'purged');
    await createQueue(tasks, project, 'purged');
    for (let i = 0; i < 3; i++) {
      await tasks.createTask({parent: name, task: httpTask('http://127.0.0.1:9/later', {scheduleTime: timestampIn(3600)})});
    }
    assert.equal((await listAllTasks(tasks, name)).length, 3);

    const before = Date.now() / 1000;
    const [purged] = await tasks.purgeQueue({name});
    const after = Date.now() / 1000;

    const purgeTime = toSeconds(purged.purgeTime);
    assert.ok(purgeTime >= before - 1 && purgeTime <= after + 1, `purge_time ${purgeTime} not between ${before} and ${after}`);
    assert.equal(purged.state, 'RUNNING', 'purging leaves the state alone');
    assert.deepEqual(await listAllTasks(tasks, name), []);

    await tasks.createTask({parent: name, task: httpTask('http://127.0.0.1:9/later', {scheduleTime: timestampIn(3600)})});
    assert.equal((await listAllTasks(tasks, name)).length, 1, 'tasks created after the purge stay');
  });

  test('DeleteQueue removes a queue with its tasks; its name cannot be used again for a while', async () => {
    const project = uniqueProject();
    const tasks = tasksClient(env);
    const name = queueName(project, 'deleted');
    await createQueue(tasks, project, 'deleted');
    await tasks.createTask({parent: name, task: httpTask('http://127.0.0.1:9/later', {scheduleTime: timestampIn(3600)})});

    const [empty] = await tasks.deleteQueue({name});
    assert.deepEqual(Object.keys(empty ?? {}), [], 'DeleteQueue answers Empty');

    await expectGrpcError(tasks.getQueue({name}), Code.NOT_FOUND, QUEUE_NOT_FOUND);
    const [listed] = await tasks.listQueues({parent: locationName(project)});
    assert.deepEqual(listed, []);
    await expectGrpcError(
      createQueue(tasks, project, 'deleted'),
      Code.FAILED_PRECONDITION,
      'The queue cannot be created because a queue with this name existed too recently.',
    );
    await expectGrpcError(tasks.deleteQueue({name}), Code.NOT_FOUND, ENTITY_NOT_FOUND);
  });
});

describe('queue errors', () => {
  test('creating a queue twice is ALREADY_EXISTS', async () => {
    const project = uniqueProject();
    const tasks = tasksClient(env);
    await createQueue(tasks, project, 'twice');
    await expectGrpcError(createQueue(tasks, project, 'twice'), Code.ALREADY_EXISTS, 'Queue already exists');
  });

  for (const bad of ['has_underscore', 'x'.repeat(101), 'dot.ted']) {
    test(`queue id "${bad.length > 20 ? `x × ${bad.length}` : bad}" is INVALID_ARGUMENT with Google's text`, async () => {
      const project = uniqueProject();
      const tasks = tasksClient(env);
      await expectGrpcError(createQueue(tasks, project, bad), Code.INVALID_ARGUMENT, QUEUE_NAME_FORMAT);
    });
  }

  test('a queue name of the wrong shape is INVALID_ARGUMENT', async () => {
    const project = uniqueProject();
    const tasks = tasksClient(env);
    await expectGrpcError(
      tasks.createQueue({parent: locationName(project), queue: {name: `projects/${project}/queues/flat`}}),
      Code.INVALID_ARGUMENT,
      QUEUE_NAME_FORMAT,
    );
  });

  test('GetQueue, PauseQueue, ResumeQueue, PurgeQueue and CreateTask on a missing queue are NOT_FOUND', async () => {
    const project = uniqueProject();
    const tasks = tasksClient(env);
    const name = queueName(project, 'absent');
    await expectGrpcError(tasks.getQueue({name}), Code.NOT_FOUND, QUEUE_NOT_FOUND);
    await expectGrpcError(tasks.pauseQueue({name}), Code.NOT_FOUND, QUEUE_NOT_FOUND);
    await expectGrpcError(tasks.resumeQueue({name}), Code.NOT_FOUND, QUEUE_NOT_FOUND);
    await expectGrpcError(tasks.purgeQueue({name}), Code.NOT_FOUND, QUEUE_NOT_FOUND);
    await expectGrpcError(
      tasks.createTask({parent: name, task: httpTask('http://127.0.0.1:9/x')}),
      Code.NOT_FOUND,
      QUEUE_NOT_FOUND,
    );
    await expectGrpcError(tasks.deleteQueue({name}), Code.NOT_FOUND, ENTITY_NOT_FOUND);
  });
});

describe('IAM methods', () => {
  test('GetIamPolicy answers an empty policy, SetIamPolicy replaces it, TestIamPermissions never fails', async () => {
    const project = uniqueProject();
    const tasks = tasksClient(env);
    const resource = queueName(project, 'guarded');
    await createQueue(tasks, project, 'guarded');

    const [initial] = await tasks.getIamPolicy({resource});
    assert.deepEqual(initial.bindings, []);

    const policy = {bindings: [{role: 'roles/cloudtasks.enqueuer', members: ['serviceAccount:app@demo.iam.gserviceaccount.com']}]};
    const [set] = await tasks.setIamPolicy({resource, policy});
    assert.deepEqual(set.bindings.map(b => ({role: b.role, members: b.members})), policy.bindings);
    const [read] = await tasks.getIamPolicy({resource});
    assert.deepEqual(read.bindings.map(b => ({role: b.role, members: b.members})), policy.bindings);

    const permissions = ['cloudtasks.tasks.create', 'cloudtasks.queues.get'];
    const [tested] = await tasks.testIamPermissions({resource, permissions});
    assert.ok(Array.isArray(tested.permissions));
    const [missing] = await tasks.testIamPermissions({resource: queueName(project, 'absent'), permissions});
    assert.deepEqual(missing.permissions, [], 'a missing resource gives an empty set, not NOT_FOUND');
  });
});

describe('Locations mixin', () => {
  test('getLocation and listLocationsAsync answer through the Cloud Tasks client', async () => {
    const project = uniqueProject();
    const tasks = tasksClient(env);

    const [location] = await tasks.getLocation({name: locationName(project)});
    assert.equal(location.name, locationName(project));
    assert.equal(location.locationId, LOCATION);
    assert.equal(location.displayName, 'Iowa');
    assert.deepEqual(location.labels, {'cloud.googleapis.com/region': LOCATION});

    const ids = [];
    for await (const l of tasks.listLocationsAsync({name: `projects/${project}`, pageSize: 5}, {autoPaginate: false})) ids.push(l.locationId);
    assert.ok(ids.includes(LOCATION) && ids.includes('europe-west1'), ids.join(', '));
    assert.deepEqual(ids, [...ids].sort(), 'in id order');
    assert.equal(new Set(ids).size, ids.length, 'each location once');
  });
});
