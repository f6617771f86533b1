// Cloud Tasks App Engine targets without App Engine: the server is started with `--tasks-app-engine-base-url`
// pointing at a local receiver, and App Engine tasks created with the official Node.js client arrive there, the
// routing's version and service put in front of the base URL's host as App Engine puts them in front of the app's,
// the queue's routing override winning over the task's, with App Engine's request headers (reference §1.10): the
// X-AppEngine-* set, whose execution count does count 5xx answers, and "App Error" as the retry reason.
//
// Routed hosts such as v2.worker.localhost need no DNS entry (glibc resolves nothing under localhost): the server
// connects to the base URL and names the routed host in the Host header, which is what the receiver checks.

import assert from 'node:assert/strict';
import {after, test} from 'node:test';
import {uniqueProject, useServer} from '../lib/helpers.js';
import {reply, startReceiver} from '../lib/receiver.js';
import {HttpMethod, createQueue, fastRetries, parseEta, queueName, tasksClient, waitUntilTaskGone} from '../lib/tasks.js';

// The receiver must exist before the server, whose command line names it.
const receiver = await startReceiver();
const base = `http://localhost:${receiver.port}`;
const env = useServer({args: ['--tasks-app-engine-base-url', base]});
after(() => receiver.close());

const APP_ENGINE_AGENT = 'AppEngine-Google; (+http://code.google.com/appengine)';

function requestsOf(task) {
  return receiver.requests.filter(r => r.headers['x-appengine-taskname'] === task);
}

test('an App Engine task goes to the base URL with App Engine\'s headers; retries after 503 and 404', async () => {
  receiver.script = request => {
    if (request.headers['x-appengine-taskname'] !== 'ae-retried') return null;
    // The script runs before the request is recorded: the attempts so far are the earlier ones.
    const attempt = requestsOf('ae-retried').length;
    return [reply.status(503), reply.status(404)][attempt] ?? reply.ok;
  };
  const project = uniqueProject();
  const tasks = tasksClient(env);
  const queue = queueName(project, 'ae-queue');
  await createQueue(tasks, project, 'ae-queue', {retryConfig: fastRetries({minBackoff: 0.1, maxBackoff: 0.5})});

  const [task] = await tasks.createTask({
    parent: queue,
    task: {
      name: `${queue}/tasks/ae-retried`,
      appEngineHttpRequest: {
        httpMethod: HttpMethod.POST,
        relativeUri: `${receiver.path}?step=1`,
        headers: {'User-Agent': 'my-app', 'X-Kind': 'app-engine'},
        body: Buffer.from('ae body'),
      },
    },
    responseView: 'FULL',
  });
  assert.equal(task.appEngineHttpRequest.headers['User-Agent'], `my-app ${APP_ENGINE_AGENT}`);
  assert.equal(task.appEngineHttpRequest.headers['Content-Type'], 'application/octet-stream');

  await receiver.waitUntil(() => requestsOf('ae-retried').length >= 3, 'three attempts of ae-retried', 15_000);
  await waitUntilTaskGone(tasks, task.name);
  const attempts = requestsOf('ae-retried');
  assert.equal(attempts.length, 3);
  for (const [n, attempt] of attempts.entries()) {
    assert.equal(attempt.method, 'POST');
    assert.equal(attempt.path, `${receiver.path}?step=1`);
    assert.equal(attempt.path, `${receiver.path}?step=1`, 'no routing: the base URL itself');
    assert.equal(attempt.headers.host, `localhost:${receiver.port}`);
    assert.equal(attempt.text(), 'ae body');
    assert.equal(attempt.headers['content-type'], 'application/octet-stream');
    assert.equal(attempt.headers['x-kind'], 'app-engine');
    assert.equal(attempt.headers['user-agent'], `my-app ${APP_ENGINE_AGENT}`);
    assert.equal(attempt.headers['x-appengine-queuename'], 'ae-queue');
    assert.equal(attempt.headers['x-appengine-taskretrycount'], String(n));
    parseEta(attempt.headers['x-appengine-tasketa']);
  }
  assert.deepEqual(attempts.map(a => a.headers['x-appengine-taskexecutioncount']), ['0', '1', '2'],
    'App Engine counts the 503 as an execution');
  assert.deepEqual(attempts.map(a => a.headers['x-appengine-taskpreviousresponse']), [undefined, '503', '404']);
  assert.deepEqual(attempts.map(a => a.headers['x-appengine-taskretryreason']), [undefined, 'App Error', 'App Error']);
});

test('routing: the task\'s version and service go in front of the base host; the queue\'s override wins', async () => {
  receiver.script = null;
  const project = uniqueProject();
  const tasks = tasksClient(env);
  const plain = queueName(project, 'ae-plain');
  const overridden = queueName(project, 'ae-override');
  await createQueue(tasks, project, 'ae-plain');
  const created = await createQueue(tasks, project, 'ae-override', {appEngineRoutingOverride: {service: 'admin'}});
  assert.equal(created.appEngineRoutingOverride.host, `admin.localhost:${receiver.port}`, 'the host it routes to is reported');

  const routed = {relativeUri: receiver.path, appEngineRouting: {service: 'worker', version: 'v2'}};
  const [routedTask] = await tasks.createTask({parent: plain, task: {name: `${plain}/tasks/ae-routed`, appEngineHttpRequest: routed}});
  assert.equal(routedTask.appEngineHttpRequest.appEngineRouting.host, `v2.worker.localhost:${receiver.port}`);
  await tasks.createTask({parent: overridden, task: {name: `${overridden}/tasks/ae-overridden`, appEngineHttpRequest: routed}});
  await receiver.waitUntil(() => requestsOf('ae-routed').length && requestsOf('ae-overridden').length, 'both routed tasks');

  const [routedRequest] = requestsOf('ae-routed');
  assert.equal(routedRequest.path, receiver.path, 'sent to the base URL');
  assert.equal(routedRequest.headers.host, `v2.worker.localhost:${receiver.port}`);
  assert.equal(routedRequest.method, 'POST', 'POST by default');
  const [overriddenRequest] = requestsOf('ae-overridden');
  assert.equal(overriddenRequest.path, receiver.path);
  assert.equal(overriddenRequest.headers.host, `admin.localhost:${receiver.port}`);
  assert.equal(overriddenRequest.headers['x-appengine-queuename'], 'ae-override');
});
