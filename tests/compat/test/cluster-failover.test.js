// Cluster mode under load, a node killed with SIGKILL: three nodes on one PostgreSQL database (lib/cluster.js), started
// together so that each runs one of the three services (Pub/Sub, Cloud Tasks, Cloud Scheduler), Google's clients on
// every node. Publishers on every node; StreamingPull subscribers on every node for a
// subscription they compete for, and for a second subscription of the same topic (fan-out); a Cloud Tasks queue
// dispatching to a local receiver that records when each attempt starts and ends; Cloud Scheduler jobs firing
// every minute at another receiver, which records X-CloudScheduler-ScheduleTime. In the middle of the load the node
// running Pub/Sub is killed -9; the checks:
//   - every publish that was answered is received on each subscription (duplicates allowed, counted and reported);
//   - no task is dispatched twice at once (attempts of one task never overlap), and every task created is done;
//   - no cron instant is fired twice (one request per job and schedule time), and the jobs fire after the kill;
//   - the surviving nodes take the killed node's unit and carry on: publishes through each succeed again within a
//     bound (measured and reported), and the killed node, started again, rejoins running nothing and serves.
// A minute boundary must pass after the kill for the cron check, so the test takes 30-100 s of real time; the kill
// comes right after a boundary (while the jobs' requests are held open) when one falls early in the load.

import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {after, test} from 'node:test';
import {PubSub} from '@google-cloud/pubsub';
import {startCluster} from '../lib/cluster.js';
import {sleep, uniqueProject, waitFor} from '../lib/helpers.js';
import {reply, startReceiver} from '../lib/receiver.js';
import {createQueue, fastRetries, httpTask, LOCATION, queueName, tasksClient} from '../lib/tasks.js';

const require = createRequire(import.meta.url);
const {CloudSchedulerClient} = require('@google-cloud/scheduler');
const fromScheduler = createRequire(require.resolve('@google-cloud/scheduler'));
const {grpc: schedulerGrpc} = fromScheduler('google-gax');

// How long, at most, a surviving node may answer publishes with errors after Pub/Sub's owner is killed. Takeover is
// three heartbeats (1 s each) of the unit seen free, two heartbeats of grace, and the engine's recovery.
const PUBLISH_OUTAGE_BOUND_MS = 15_000;
const JOBS = 3;
const LOAD_BEFORE_KILL_MS = 8_000;

const closers = [];
let cluster;
// The load loops run while their client's entry is true; all stop when the test ends, passed or failed.
const running = new Map();

after(async () => {
  for (const c of running.keys()) running.set(c, false);
  for (const close of closers.reverse()) await Promise.race([close().catch(() => {}), sleep(10_000)]);
  if (cluster) {
    await cluster.stop().catch(() => {});
    cluster.saveLog('cluster-failover.cluster');
  }
});

/** The Pub/Sub, Cloud Tasks and Cloud Scheduler clients of one node. */
function clientsFor(node, project) {
  const pubsub = new PubSub({projectId: project, apiEndpoint: node.host, emulatorMode: true});
  const env = {server: node, clients: new Set()};
  const tasks = tasksClient(env);
  const scheduler = new CloudSchedulerClient({
    apiEndpoint: '127.0.0.1',
    port: node.port,
    sslCreds: schedulerGrpc.credentials.createInsecure(),
    universeDomain: 'googleapis.com',
  });
  const clients = {
    node,
    pubsub,
    tasks,
    scheduler,
    subscriptions: [],
    async close() {
      await Promise.all(clients.subscriptions.map(s => s.close().catch(() => {})));
      await Promise.all([pubsub.close(), tasks.close(), scheduler.close()].map(p => p.catch(() => {})));
    },
  };
  closers.push(() => clients.close());
  return clients;
}

/** A publish over REST, no client retries: when did this node answer one again? Resolves with the id or null. */
async function probePublish(node, topicName, data) {
  try {
    const response = await fetch(`${node.baseUrl}/v1/${topicName}:publish`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({messages: [{data: Buffer.from(data).toString('base64')}]}),
      signal: AbortSignal.timeout(2_000),
    });
    if (response.status !== 200) return null;
    return (await response.json()).messageIds[0];
  } catch {
    return null;
  }
}

/** "pubsub on n1-…, tasks on n2-…, scheduler on n3-…" */
const describeOwners = owners => Object.entries(owners).map(([unit, node]) => `${unit} on ${node.id}`).join(', ');

const minute = 60_000;
const nextBoundary = t => Math.floor(t / minute) * minute + minute;

test('3 nodes, one unit each, the owner of Pub/Sub killed -9 under publish, subscribe, task and job load: nothing answered is lost', async t => {
  const started = Date.now();
  cluster = await startCluster({nodes: 3});
  const firstOwners = await cluster.owners();
  const report = [`cluster up in ${Date.now() - started} ms, ${describeOwners(firstOwners)} (database ${cluster.database.name})`];
  assert.equal(new Set(Object.values(firstOwners)).size, 3, `three nodes started together must run one unit each: ${describeOwners(firstOwners)}`);

  const project = uniqueProject('cluster');
  const clients = cluster.nodes.map(node => clientsFor(node, project));
  const follower = clients.find(c => c.node !== firstOwners.pubsub);

  // Pub/Sub: one topic, subscription "work" (competing consumers) and "audit" (fan-out), created through another node.
  const [topic] = await follower.pubsub.createTopic('load');
  const subscriptionNames = ['work', 'audit'];
  for (const name of subscriptionNames) await topic.createSubscription(name);
  const answered = new Map(); // message id -> data
  const received = Object.fromEntries(subscriptionNames.map(name => [name, new Map()])); // name -> id -> deliveries
  const subscriberErrors = [];
  for (const c of clients) {
    for (const name of subscriptionNames) {
      const subscription = c.pubsub.subscription(name, {flowControl: {maxMessages: 100}});
      subscription.on('message', message => {
        const seen = received[name];
        seen.set(message.id, (seen.get(message.id) ?? 0) + 1);
        message.ack();
      });
      subscription.on('error', error => subscriberErrors.push(`${c.node.id}/${name}: ${error.code} ${error.message}`));
      c.subscriptions.push(subscription);
    }
  }

  // Cloud Tasks: a queue with short backoffs; every fifth task fails its first attempt, so retries are in the mix.
  const taskReceiver = await startReceiver();
  closers.push(() => taskReceiver.close());
  taskReceiver.script = request => {
    const name = request.headers['x-cloudtasks-taskname'] ?? '';
    const failFirst = Number(name.split('-').pop()) % 5 === 0 && request.headers['x-cloudtasks-taskretrycount'] === '0';
    return reply.after(100 + Math.floor(Math.random() * 200), failFirst ? 503 : 200);
  };
  await createQueue(follower.tasks, project, 'work', {
    retryConfig: fastRetries({maxAttempts: -1, minBackoff: 0.1, maxBackoff: 0.5}),
    rateLimits: {maxDispatchesPerSecond: 200, maxConcurrentDispatches: 20},
  });
  const queue = queueName(project, 'work');
  const tasksCreated = new Set();

  // Cloud Scheduler: every-minute jobs whose requests the receiver holds open 2.5 s, so a kill right after a minute
  // boundary finds their attempts in flight.
  const jobReceiver = await startReceiver();
  closers.push(() => jobReceiver.close());
  jobReceiver.defaultReply = reply.after(2_500, 200);
  const parent = `projects/${project}/locations/${LOCATION}`;
  for (let j = 0; j < JOBS; j++) {
    await follower.scheduler.createJob({
      parent,
      job: {name: `${parent}/jobs/tick-${j}`, schedule: '* * * * *', httpTarget: {uri: jobReceiver.url}},
    });
  }
  const jobsCreatedAt = Date.now();

  // The load: on every node a publisher (batches of 10, one batch at a time) and a task creator, until told to stop.
  for (const c of clients) running.set(c, true);
  const publishErrors = [];
  const loops = new Map(clients.map(c => [c, []]));
  const firstAnsweredAfterKill = new Map(); // node id -> ms after the kill
  let killedAt = 0;
  for (const [n, c] of clients.entries()) {
    const publisher = c.pubsub.topic('load', {batching: {maxMessages: 10, maxMilliseconds: 5}});
    loops.get(c).push((async () => {
      for (let batch = 0; running.get(c); batch++) {
        await Promise.all(Array.from({length: 10}, (_, i) => {
          const data = `n${n}-b${batch}-${i}`;
          const issuedAfterKill = killedAt > 0;
          return publisher.publishMessage({data: Buffer.from(data)}).then(
            id => {
              answered.set(id, data);
              if (issuedAfterKill && !firstAnsweredAfterKill.has(c.node.id)) firstAnsweredAfterKill.set(c.node.id, Date.now() - killedAt);
            },
            error => publishErrors.push(`${c.node.id}: ${error.code} ${error.message}`),
          );
        }));
        await sleep(50);
      }
    })());
    loops.get(c).push((async () => {
      for (let i = 0; running.get(c); i++) {
        const id = `task-n${n}-${i}`;
        try {
          await c.tasks.createTask({parent: queue, task: {name: `${queue}/tasks/${id}`, ...httpTask(taskReceiver.url, {request: {body: Buffer.from(id)}})}});
          tasksCreated.add(id);
        } catch {
          // Not answered (during the failover): not counted; if it was created after all, it is dispatched anyway.
        }
        await sleep(100);
      }
    })());
  }

  // The kill: right after a minute boundary if one comes early in the load (the jobs' attempts in flight), else
  // after LOAD_BEFORE_KILL_MS.
  const loadStarted = Date.now();
  const boundary = nextBoundary(loadStarted);
  const killAt = boundary - loadStarted <= 15_000 && boundary - loadStarted >= 3_000 ? boundary + 1_000 : loadStarted + LOAD_BEFORE_KILL_MS;
  await sleep(killAt - Date.now());
  const victim = firstOwners.pubsub;
  const victimClients = clients.find(c => c.node === victim);
  const inFlightJobs = jobReceiver.inFlight;
  running.set(victimClients, false);
  killedAt = Date.now();
  await cluster.kill(victim);
  report.push(`killed ${victim.id} ${killedAt - loadStarted} ms into the load, ${answered.size} publishes answered, ` +
    `${tasksCreated.size} tasks created, ${inFlightJobs} job attempts in flight`);
  // Its clients now talk to a closed port; their unanswered publishes are not counted.
  const victimClosed = victimClients.close();

  // The survivors: each answers a publish again within the bound.
  const survivors = clients.filter(c => c !== victimClients);
  const topicName = `projects/${project}/topics/load`;
  const recovered = await Promise.all(survivors.map(async c => {
    for (let i = 0; ; i++) {
      const id = await probePublish(c.node, topicName, `probe-${c.node.id}-${i}`);
      const elapsed = Date.now() - killedAt;
      if (id) {
        answered.set(id, `probe-${c.node.id}-${i}`);
        return elapsed;
      }
      assert.ok(elapsed < PUBLISH_OUTAGE_BOUND_MS, `${c.node.id} answered no publish within ${PUBLISH_OUTAGE_BOUND_MS} ms of the kill (the nodes' output: logs/cluster-failover.cluster.log)`);
      await sleep(100);
    }
  }));
  const next = await cluster.owners({not: victim});
  const rows = await cluster.ownerRows();
  report.push(`${next.pubsub.id} took Pub/Sub over (epoch ${rows.pubsub.epoch}), now ${describeOwners(next)}; publishes answered again after ` +
    survivors.map((c, i) => `${recovered[i]} ms on ${c.node.id}`).join(', ') +
    `; the load's clients' first publish made after the kill (with the client's retries) answered after ` +
    survivors.map(c => `${firstAnsweredAfterKill.get(c.node.id) ?? 'none yet'} ms on ${c.node.id}`).join(', '));
  await victimClosed;

  // The killed node comes back running nothing and serves (its publishes are forwarded to Pub/Sub's new owner).
  await cluster.restart(victim);
  assert.deepEqual(await cluster.owners(), next, 'a restarted node must not take a unit from a live owner');
  const rejoined = await waitFor(() => probePublish(victim, topicName, `probe-${victim.id}-rejoined`), 10_000, {interval: 200});
  answered.set(rejoined, `probe-${victim.id}-rejoined`);

  // A minute boundary after the kill, so a cron instant is fired after it; then the load stops.
  const cronCheckFrom = nextBoundary(killedAt);
  await sleep(Math.max(2_000, cronCheckFrom + 1_000 - Date.now()));
  // (The killed node's publisher is not awaited: its client retries its last batch against a closed port.)
  for (const c of survivors) running.set(c, false);
  await Promise.all(survivors.flatMap(c => loops.get(c)));
  const loadStopped = Date.now();

  // Every answered publish received on each subscription.
  const missing = name => [...answered.keys()].filter(id => !received[name].has(id));
  await waitFor(() => subscriptionNames.every(name => missing(name).length === 0), 30_000, {
    interval: 200,
    describe: () => subscriptionNames.map(name => `${name}: ${missing(name).length} of ${answered.size} answered publishes not received ` +
      `(e.g. ${missing(name).slice(0, 5).map(id => answered.get(id)).join(', ')})`).join('; ') +
      `; subscriber errors: ${subscriberErrors.join(' | ') || 'none'}`,
  });
  for (const name of subscriptionNames) {
    const deliveries = [...received[name].values()].reduce((a, b) => a + b, 0);
    const duplicated = [...received[name].values()].filter(n => n > 1).length;
    report.push(`${name}: ${answered.size} answered publishes all received in ${deliveries} deliveries ` +
      `(${duplicated} messages delivered more than once, ${deliveries - received[name].size} extra deliveries)`);
  }

  // Every task done (a 2xx answer), none dispatched twice at once.
  const done = () => new Set(taskReceiver.succeeded().map(r => r.headers['x-cloudtasks-taskname']));
  const notDone = () => [...tasksCreated].filter(id => !done().has(id));
  await waitFor(() => notDone().length === 0, 30_000, {
    interval: 200,
    describe: () => `${notDone().length} of ${tasksCreated.size} tasks never done: ${notDone().slice(0, 10).join(', ')}`,
  });
  await waitFor(() => taskReceiver.inFlight === 0, 5_000);
  const attempts = new Map();
  for (const r of taskReceiver.requests) {
    const name = r.headers['x-cloudtasks-taskname'];
    attempts.set(name, [...(attempts.get(name) ?? []), r]);
  }
  const overlapping = [];
  for (const [name, list] of attempts) {
    list.sort((a, b) => a.arrivedAt - b.arrivedAt);
    for (let i = 1; i < list.length; i++) {
      if (list[i].arrivedAt < list[i - 1].answeredAt) overlapping.push(`${name} #${i}`);
    }
  }
  assert.deepEqual(overlapping, [], 'attempts of one task overlapped');
  const successes = taskReceiver.succeeded().length;
  report.push(`tasks: ${tasksCreated.size} created and answered, all done; ${taskReceiver.requests.length} attempts, ` +
    `${successes - done().size} tasks done more than once (at least once is the contract), no overlapping attempts`);
  const [left] = await survivors[0].tasks.listTasks({parent: queue});
  assert.deepEqual(left.map(task => task.name), [], 'tasks left in the queue after all were done');

  // One request per job and cron instant; every job fired after the kill.
  await waitFor(() => jobReceiver.inFlight === 0, 10_000);
  const byInstant = new Map();
  for (const r of jobReceiver.requests) {
    const key = `${r.headers['x-cloudscheduler-jobname']} ${r.headers['x-cloudscheduler-scheduletime']}`;
    byInstant.set(key, (byInstant.get(key) ?? 0) + 1);
  }
  const twice = [...byInstant].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
  assert.deepEqual(twice, [], 'cron instants fired more than once');
  for (let j = 0; j < JOBS; j++) {
    const after = jobReceiver.requests.filter(r => r.headers['x-cloudscheduler-jobname'] === `tick-${j}` &&
      Date.parse(r.headers['x-cloudscheduler-scheduletime']) === cronCheckFrom);
    assert.equal(after.length, 1, `tick-${j} fired ${after.length} times for ${new Date(cronCheckFrom).toISOString()}`);
  }
  const instants = [...new Set(jobReceiver.requests.map(r => r.headers['x-cloudscheduler-scheduletime']))].sort();
  const expected = [];
  for (let b = nextBoundary(jobsCreatedAt); b < loadStopped; b += minute) expected.push(b);
  report.push(`cron: ${jobReceiver.requests.length} requests for ${byInstant.size} job instants (${instants.join(', ')}), ` +
    `none twice; instants due while the test ran: ${expected.map(b => new Date(b).toISOString()).join(', ')}`);

  report.push(`subscriber errors: ${subscriberErrors.length ? subscriberErrors.join(' | ') : 'none'}; publish errors seen by clients: ` +
    `${publishErrors.length}${publishErrors.length ? ` (first: ${publishErrors[0]})` : ''}; total ${Date.now() - started} ms`);
  for (const line of report) t.diagnostic(line);
});
