// The web console in real headless Chromium (Debian's, via playwright-core) against a real server: resources are
// made with Google's official clients, then the console shows and changes them, and the clients see the changes.
// Every scenario runs at 1280×800 and at a phone's 390×844, with controls found by role and accessible name (so
// each control has one), and leaves a screenshot in artifacts/console/.

import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {test} from 'node:test';
import {DESKTOP, PHONE, useBrowser} from '../lib/browser.js';
import {uniqueProject, useServer, waitFor} from '../lib/helpers.js';
import {startReceiver} from '../lib/receiver.js';
import {LOCATION, createQueue, httpTask, queueName, tasksClient, timestampIn} from '../lib/tasks.js';

const require = createRequire(import.meta.url);
const {CloudSchedulerClient} = require('@google-cloud/scheduler');
const fromScheduler = createRequire(require.resolve('@google-cloud/scheduler'));
const {grpc} = fromScheduler('google-gax');

const env = useServer();
const browser = useBrowser();

function schedulerClient() {
  const client = new CloudSchedulerClient({apiEndpoint: '127.0.0.1', port: env.server.port,
    sslCreds: grpc.credentials.createInsecure(), universeDomain: 'googleapis.com'});
  env.clients.add(client);
  return client;
}

/** The page of one project's service, e.g. open(page, project, 'pubsub'). */
async function open(page, project, route) {
  await page.goto(`/console/#/${project}/${route}`);
}

for (const viewport of [DESKTOP, PHONE]) {
  test(`${viewport.name}: topics and subscriptions with their backlog; peeking leaves messages deliverable`, async () => {
    const project = uniqueProject('console');
    const pubsub = env.pubsub(project);
    const [topic] = await pubsub.createTopic('orders');
    const [subscription] = await topic.createSubscription('billing');
    for (const text of ['first order', 'second order', 'third order']) {
      await topic.publishMessage({data: Buffer.from(text), attributes: {origin: 'client'}});
    }
    const page = await browser.page(env, viewport);

    await open(page, project, 'pubsub');
    const subscriptions = page.getByRole('table', {name: 'Subscriptions'});
    await subscriptions.getByRole('row', {name: /billing/}).getByText('3', {exact: true}).waitFor();
    await page.getByRole('table', {name: 'Topics'}).getByRole('cell', {name: 'orders', exact: true}).waitFor();
    await browser.screenshot(page, `pubsub-${viewport.name}`);

    await page.getByRole('link', {name: 'billing'}).click();
    await page.getByRole('heading', {name: 'Subscription billing'}).waitFor();
    assert.equal(await page.getByTestId('backlog').textContent(), '3');
    await page.getByRole('img', {name: 'Backlog of billing: backlog 3'}).waitFor();
    await page.getByRole('button', {name: 'Peek messages'}).click();
    const messages = page.getByRole('table', {name: /Unacknowledged messages of billing/});
    await messages.getByText('first order').waitFor();
    assert.equal(await messages.getByRole('row').count(), 4); // a heading row and three messages
    await browser.screenshot(page, `subscription-${viewport.name}`);

    // Still deliverable: the next pull gets all three, none of them leased by the peek.
    const pulled = await pullAll(pubsub, subscription.name, 3);
    assert.deepEqual(pulled.map(m => m.message.data.toString()).sort(), ['first order', 'second order', 'third order']);
    assert.deepEqual(page.errors, []);
  });

  test(`${viewport.name}: a test message published from the console reaches a subscriber`, async () => {
    const project = uniqueProject('console');
    const pubsub = env.pubsub(project);
    const [topic] = await pubsub.createTopic('alerts');
    const [subscription] = await topic.createSubscription('pager');
    const page = await browser.page(env, viewport);

    await open(page, project, 'pubsub');
    await page.getByRole('combobox', {name: 'Topic'}).selectOption({label: 'alerts'});
    await page.getByRole('textbox', {name: 'Message'}).fill('hello from the console');
    await page.getByRole('textbox', {name: /Attributes/}).fill('origin=console, kind=test');
    await page.getByRole('button', {name: 'Publish test message'}).click();
    await page.getByRole('status').getByText(/Published message/).waitFor();
    await browser.screenshot(page, `publish-${viewport.name}`);

    const pulled = await pullAll(pubsub, subscription.name, 1);
    assert.equal(pulled[0].message.data.toString(), 'hello from the console');
    assert.deepEqual(pulled[0].message.attributes, {origin: 'console', kind: 'test'});
    assert.deepEqual(page.errors, []);
  });

  test(`${viewport.name}: queue pause, resume and run task from the console, seen by the Tasks client`, async () => {
    const project = uniqueProject('console');
    const tasks = tasksClient(env);
    const receiver = await startReceiver();
    try {
      await createQueue(tasks, project, 'work');
      const [task] = await tasks.createTask({parent: queueName(project, 'work'),
        task: httpTask(receiver.url, {scheduleTime: timestampIn(3600)})});
      const page = await browser.page(env, viewport);

      await open(page, project, 'tasks');
      await page.getByRole('button', {name: 'Pause queue work'}).click();
      await page.getByRole('button', {name: 'Resume queue work'}).waitFor();
      assert.equal((await tasks.getQueue({name: queueName(project, 'work')}))[0].state, 'PAUSED');
      await browser.screenshot(page, `tasks-${viewport.name}`);
      await page.getByRole('button', {name: 'Resume queue work'}).click();
      await page.getByRole('button', {name: 'Pause queue work'}).waitFor();
      assert.equal((await tasks.getQueue({name: queueName(project, 'work')}))[0].state, 'RUNNING');

      await page.getByRole('link', {name: 'work'}).click();
      const taskId = task.name.split('/').at(-1);
      await page.getByRole('button', {name: `Run task ${taskId}`}).click();
      await receiver.waitForRequest(1);
      await waitFor(async () => {
        try {
          await tasks.getTask({name: task.name});
          return false;
        } catch (error) {
          return error.code === 5; // completed by the 200, so gone
        }
      }, 10_000, {describe: () => 'the task to complete'});
      await page.getByText('No tasks in this queue.').waitFor();
      await browser.screenshot(page, `queue-${viewport.name}`);
      assert.deepEqual(page.errors, []);
    } finally {
      await receiver.close();
    }
  });

  test(`${viewport.name}: a job run from the console calls its target and shows in the run history`, async () => {
    const project = uniqueProject('console');
    const scheduler = schedulerClient();
    const receiver = await startReceiver();
    try {
      const parent = `projects/${project}/locations/${LOCATION}`;
      const name = `${parent}/jobs/nightly`;
      await scheduler.createJob({parent, job: {name, schedule: '0 3 * * *', timeZone: 'Europe/Paris',
        httpTarget: {uri: receiver.url}}});
      const page = await browser.page(env, viewport);

      await open(page, project, 'scheduler');
      await page.getByRole('button', {name: 'Run job nightly now'}).click();
      await receiver.waitForRequest(1);
      await waitFor(async () => (await scheduler.getJob({name}))[0].lastAttemptTime !== null, 10_000);
      await page.getByRole('button', {name: 'Pause job nightly'}).click();
      await page.getByRole('button', {name: 'Resume job nightly'}).waitFor();
      assert.equal((await scheduler.getJob({name}))[0].state, 'PAUSED');

      await page.getByRole('link', {name: 'nightly'}).click();
      const runs = page.getByRole('table', {name: /Runs of nightly/});
      await runs.getByRole('row', {name: /run now.*OK/}).waitFor();
      await browser.screenshot(page, `job-${viewport.name}`);
      assert.deepEqual(page.errors, []);
    } finally {
      await receiver.close();
    }
  });
}

test('the console API refuses a change without its header, and a bad name with Google\'s error', async () => {
  const project = uniqueProject('console');
  const base = env.server.baseUrl;
  const forged = await fetch(`${base}/console/api/tasks/pause`, {method: 'POST', body: JSON.stringify({name: queueName(project, 'work')})});
  assert.equal(forged.status, 403);
  assert.equal((await forged.json()).error.status, 'PERMISSION_DENIED');

  const missing = await fetch(`${base}/console/api/pubsub/peek?subscription=projects/${project}/subscriptions/nope`);
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), {error: {code: 404, message: 'Resource not found (resource=nope).', status: 'NOT_FOUND'}});
});

/** Pulls until `count` messages arrived (unary pull may answer with fewer), without acking them. */
async function pullAll(pubsub, subscription, count) {
  const client = await env.subscriberClient(pubsub);
  const received = [];
  await waitFor(async () => {
    const [response] = await client.pull({subscription, maxMessages: count, returnImmediately: true});
    received.push(...response.receivedMessages);
    return received.length >= count;
  }, 10_000, {describe: () => `${count} messages (have ${received.length})`});
  return received;
}
