// Cluster mode under load, the owner of each service killed with SIGKILL in turn: three nodes on one PostgreSQL
// database (lib/cluster.js), started together so that each runs one of the three units (Pub/Sub, Cloud Tasks, Cloud
// Scheduler), Google's clients on every node. Publishers on every node; StreamingPull subscribers on every node for a
// subscription they compete for, and for a second subscription of the same topic (fan-out); a Cloud Tasks queue
// dispatching to a local receiver that records when each attempt starts and ends; Cloud Scheduler jobs firing every
// minute at another receiver, which records X-CloudScheduler-ScheduleTime and holds the requests of one minute
// boundary open (JOB_HOLD_MS). Right after that boundary, while those requests are held, three phases:
//   1. the node running Pub/Sub is killed -9; 2. then the node running Cloud Tasks by then; 3. then the node running
//   Cloud Scheduler, the one holding the boundary's attempts (a node may run more than one unit by its turn: the
//   survivors of an earlier phase took the dead node's units). In each phase every unit gets a live owner again, each
//   survivor answers a publish and a task created through it is dispatched, each within a bound (measured and
//   reported), and the killed node, started again, rejoins running nothing, serves, and gets its load back.
// The checks at the end:
//   - every publish that was answered is received on each subscription (duplicates allowed, counted and reported);
//   - no task is dispatched twice at once (attempts of one task never overlap), and every task created is done;
//   - no cron instant is fired twice (one request per job and schedule time), the boundary's instant included, whose
//     owner was killed mid-attempt; every job fires for the first boundary after the last kill.
// Observed at the default 1 s heartbeat (five runs, docs/cluster.md): every unit owned again 4.2-6.0 s after each
// kill, publishes answered again 3.8-5.8 s after a kill that took Pub/Sub's owner, tasks created again 3.9-5.8 s
// after one that took Cloud Tasks' owner; the kills came 1 s, 7-10 s and 13-18 s after the boundary.
// The kills wait for a minute boundary at least LOAD_BEFORE_BOUNDARY_MS into the load, and the cron check for the
// next one, so the test takes 75-135 s of real time depending on where in the minute the load starts (the phases
// themselves fit in the wait for the second boundary).

import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {after, test} from 'node:test';
import {PubSub} from '@google-cloud/pubsub';
import {probePublish, startCluster, UNITS} from '../lib/cluster.js';
import {sleep, uniqueProject, waitFor} from '../lib/helpers.js';
import {reply, startReceiver} from '../lib/receiver.js';
import {createQueue, fastRetries, httpTask, LOCATION, queueName, tasksClient} from '../lib/tasks.js';

const require = createRequire(import.meta.url);
const {CloudSchedulerClient} = require('@google-cloud/scheduler');
const fromScheduler = createRequire(require.resolve('@google-cloud/scheduler'));
const {grpc: schedulerGrpc} = fromScheduler('google-gax');

// How long, at most, a surviving node may answer publishes with errors after a unit's owner is killed. Takeover is
// three heartbeats (1 s each) of the unit seen free, two heartbeats of grace, and the engine's recovery.
const PUBLISH_OUTAGE_BOUND_MS = 15_000;
// How long, at most, after a kill until a task created through a survivor is answered and then dispatched.
const TASK_OUTAGE_BOUND_MS = 20_000;
const JOBS = 3;
// The load runs at least this long before the minute boundary after which the kills come.
const LOAD_BEFORE_BOUNDARY_MS = 3_000;
// How long the job receiver holds the requests of that boundary: the three phases' kills all land within it (an
// HTTP target's attempt deadline is 3 min by default).
const JOB_HOLD_MS = 40_000;
// The units whose owner is killed, in this order.
const KILLED_IN_TURN = ['pubsub', 'tasks', 'scheduler'];

const closers = [];
let cluster;
// The load loops run while their client's entry is true; all stop when the test ends, passed or failed.
const running = new Map();

after(async () => {
  for (const c of running.keys()) running.set(c, false);
  await Promise.all(closers.map(close => Promise.race([close().catch(() => {}), sleep(10_000)])));
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

/** "pubsub on n1-…, tasks on n2-…, scheduler on n3-…" */
const describeOwners = owners => Object.entries(owners).map(([unit, node]) => `${unit} on ${node.id}`).join(', ');

const minute = 60_000;
const nextBoundary = t => Math.floor(t / minute) * minute + minute;
const scheduleTime = request => Date.parse(request.headers['x-cloudscheduler-scheduletime']);

test('3 nodes, one unit each; the owners of Pub/Sub, Cloud Tasks and Cloud Scheduler killed -9 in turn under publish, subscribe, task and job load: nothing answered is lost', async t => {
  const started = Date.now();
  cluster = await startCluster({nodes: 3});
  const firstOwners = await cluster.owners();
  // The report, line by line (shown whether the test passes or not).
  const note = line => t.diagnostic(line);
  note(`cluster up in ${Date.now() - started} ms, ${describeOwners(firstOwners)} (database ${cluster.database.name})`);
  assert.equal(new Set(Object.values(firstOwners)).size, 3, `three nodes started together must run one unit each: ${describeOwners(firstOwners)}`);

  const project = uniqueProject('cluster');
  const follower = clientsFor(cluster.nodes.find(node => node !== firstOwners.pubsub), project);

  // Pub/Sub: one topic, subscription "work" (competing consumers) and "audit" (fan-out), created through another node.
  const [topic] = await follower.pubsub.createTopic('load');
  const topicName = `projects/${project}/topics/load`;
  const subscriptionNames = ['work', 'audit'];
  for (const name of subscriptionNames) await topic.createSubscription(name);
  const answered = new Map(); // message id -> data
  const received = Object.fromEntries(subscriptionNames.map(name => [name, new Map()])); // name -> id -> deliveries
  const subscriberErrors = [];

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
  const done = () => new Set(taskReceiver.succeeded().map(r => r.headers['x-cloudtasks-taskname']));

  // Cloud Scheduler: every-minute jobs; the requests of the kills' boundary are held (below), the others answered soon.
  const jobReceiver = await startReceiver();
  closers.push(() => jobReceiver.close());
  jobReceiver.defaultReply = reply.after(200, 200);
  const parent = `projects/${project}/locations/${LOCATION}`;
  for (let j = 0; j < JOBS; j++) {
    await follower.scheduler.createJob({
      parent,
      job: {name: `${parent}/jobs/tick-${j}`, schedule: '* * * * *', httpTarget: {uri: jobReceiver.url}},
    });
  }
  const jobsCreatedAt = Date.now();

  // The load, for each node's clients until told to stop: subscribers on both subscriptions, a publisher (batches of
  // 10, one batch at a time) and a task creator. `lastKill` marks when the latest phase's kill came, so each client's
  // first publish and task issued after it can be timed.
  const publishErrors = [];
  const live = []; // the clients of the nodes running now
  let lastKill = null;
  let loadsStarted = 0;
  function startLoad(c) {
    const label = `l${loadsStarted++}`;
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
    running.set(c, true);
    const publisher = c.pubsub.topic('load', {batching: {maxMessages: 10, maxMilliseconds: 5}});
    const firstAfter = (kill, key) => {
      if (kill && !kill[key].has(c.node.id)) kill[key].set(c.node.id, Date.now() - kill.killedAt);
    };
    c.loops = [
      (async () => {
        for (let batch = 0; running.get(c); batch++) {
          const kill = lastKill;
          await Promise.all(Array.from({length: 10}, (_, i) => {
            const data = `${label}-b${batch}-${i}`;
            return publisher.publishMessage({data: Buffer.from(data)}).then(
              id => {
                answered.set(id, data);
                firstAfter(kill, 'firstPublish');
              },
              // A killed node's client, once closed, fails what it still held: not an error of the cluster's.
              error => running.get(c) && publishErrors.push(`${c.node.id}: ${error.code} ${error.message}`),
            );
          }));
          await sleep(50);
        }
      })(),
      (async () => {
        for (let i = 0; running.get(c); i++) {
          const id = `task-${label}-${i}`;
          const kill = lastKill;
          try {
            await c.tasks.createTask({parent: queue, task: {name: `${queue}/tasks/${id}`, ...httpTask(taskReceiver.url, {request: {body: Buffer.from(id)}})}});
            tasksCreated.add(id);
            firstAfter(kill, 'firstTask');
          } catch {
            // Not answered (during a failover): not counted; if it was created after all, it is dispatched anyway.
          }
          await sleep(100);
        }
      })(),
    ];
    live.push(c);
  }
  startLoad(follower);
  for (const node of cluster.nodes.filter(n => n !== follower.node)) startLoad(clientsFor(node, project));

  // The kills' boundary: the first minute boundary LOAD_BEFORE_BOUNDARY_MS into the load; its job requests are held.
  const loadStarted = Date.now();
  const boundary = nextBoundary(loadStarted + LOAD_BEFORE_BOUNDARY_MS);
  jobReceiver.script = request => (scheduleTime(request) === boundary ? reply.after(JOB_HOLD_MS, 200) : null);
  const held = () => jobReceiver.requests.filter(r => scheduleTime(r) === boundary);
  await sleep(boundary + 1_000 - Date.now());
  await waitFor(() => held().length >= JOBS, 10_000, {
    describe: () => `${held().length} of ${JOBS} jobs fired for ${new Date(boundary).toISOString()}`,
  });
  note(`the load ran ${boundary - loadStarted} ms before the boundary ${new Date(boundary).toISOString()}: ` +
    `${answered.size} publishes answered, ${tasksCreated.size} tasks created; its ${JOBS} job requests held from ` +
    `${Math.max(...held().map(r => r.arrivedAtMs)) - boundary} ms after it`);

  /**
   * One phase: kills the node running `unit` (and whatever else it runs by now) while the boundary's job requests
   * are held; waits until every unit has a live owner again, each survivor answers a publish, and a task created
   * through each survivor is dispatched; starts the node again and gives it its load back.
   */
  async function killOwnerOf(unit, phase) {
    const before = cluster.current;
    const victim = before[unit];
    const owned = UNITS.filter(u => before[u] === victim);
    const victimClients = live.find(c => c.node === victim);
    live.splice(live.indexOf(victimClients), 1);
    running.set(victimClients, false);
    const heldAtKill = held().filter(r => r.answeredAt === null);
    assert.equal(heldAtKill.length, JOBS, `phase ${phase} came ${Date.now() - boundary} ms after the boundary, when only ` +
      `${heldAtKill.length} of its ${JOBS} job requests were still held: JOB_HOLD_MS (${JOB_HOLD_MS}) is too short for the phases`);
    const kill = {killedAt: Date.now(), firstPublish: new Map(), firstTask: new Map()};
    lastKill = kill;
    await cluster.kill(victim);
    const since = () => Date.now() - kill.killedAt;
    // Its clients now talk to a closed port; their unanswered publishes and tasks are not counted. Closing them is not
    // awaited: the subscribers' last acks and the publisher's last batch are retried for up to a minute.
    victimClients.close();
    const survivors = [...live];

    const [[next, ownedAgain], published, tasked] = await Promise.all([
      cluster.owners({not: victim}).then(owners => [owners, since()]),
      Promise.all(survivors.map(async c => {
        for (let i = 0; ; i++) {
          const data = `probe-${phase}-${c.node.id}-${i}`;
          const id = await probePublish(c.node, topicName, data);
          if (id) {
            answered.set(id, data);
            return since();
          }
          assert.ok(since() < PUBLISH_OUTAGE_BOUND_MS, `phase ${phase}: ${c.node.id} answered no publish within ` +
            `${PUBLISH_OUTAGE_BOUND_MS} ms of the kill (the nodes' output: logs/cluster-failover.cluster.log)`);
          await sleep(100);
        }
      })),
      Promise.all(survivors.map(async c => {
        let id;
        for (let i = 0; !id; i++) {
          // The probe's name ends in a letter, so the receiver's script never fails its first attempt.
          const candidate = `probe-${phase}-${c.node.id}-a${i}`;
          try {
            await c.tasks.createTask({parent: queue, task: {name: `${queue}/tasks/${candidate}`, ...httpTask(taskReceiver.url)}}, {timeout: 2_000});
            tasksCreated.add(candidate);
            id = candidate;
          } catch {
            assert.ok(since() < TASK_OUTAGE_BOUND_MS, `phase ${phase}: no task created through ${c.node.id} within ` +
              `${TASK_OUTAGE_BOUND_MS} ms of the kill (the nodes' output: logs/cluster-failover.cluster.log)`);
            await sleep(100);
          }
        }
        const created = since();
        await waitFor(() => done().has(id), Math.max(1_000, TASK_OUTAGE_BOUND_MS - created), {
          interval: 50,
          describe: () => `phase ${phase}: task ${id}, created through ${c.node.id} ${created} ms after the kill, not dispatched ` +
            `within ${TASK_OUTAGE_BOUND_MS} ms of it (its attempts: ${taskReceiver.requests.filter(r => r.headers['x-cloudtasks-taskname'] === id).length})`,
        });
        return {created, dispatched: since()};
      })),
    ]);
    const rows = await cluster.ownerRows();

    if (unit === 'scheduler') {
      // The boundary's attempts were the victim's: they end with it, unanswered.
      await waitFor(() => heldAtKill.every(r => r.clientAborted), 5_000, {
        describe: () => `the held job requests still open after their sender was killed: ${heldAtKill.filter(r => !r.clientAborted).length}`,
      });
    }

    // The killed node comes back running nothing and serves (its calls are forwarded to the units' owners).
    await cluster.restart(victim);
    assert.deepEqual(await cluster.owners(), next, `phase ${phase}: a restarted node must not take a unit from a live owner`);
    const rejoined = await waitFor(() => probePublish(victim, topicName, `probe-${phase}-${victim.id}-rejoined`), 10_000, {interval: 200});
    answered.set(rejoined, `probe-${phase}-${victim.id}-rejoined`);
    const servingAgain = since();
    startLoad(clientsFor(victim, project));

    // "4597 ms on n2-…, 5305 ms on n3-…", one value per survivor; a survivor whose load made no such call yet says so.
    const across = (values, format = ms => (ms === undefined ? 'none yet' : `${ms} ms`)) =>
      survivors.map((c, i) => `${format(values[i])} on ${c.node.id}`).join(', ');
    note(`phase ${phase}: killed ${victim.id}, running ${owned.join(' and ')}, ${kill.killedAt - boundary} ms after the boundary ` +
      `(${heldAtKill.length} job requests held${unit === 'scheduler' ? ', all its own, cut by the kill' : ''}); ` +
      `${owned.map(u => `${u} taken by ${next[u].id} (epoch ${rows[u].epoch})`).join(', ')}; every unit owned again after ${ownedAgain} ms, ` +
      `now ${describeOwners(next)}. After the kill: probe publishes answered after ${across(published)}; probe tasks answered/dispatched ` +
      `after ${across(tasked, r => `${r.created}/${r.dispatched} ms`)}; the load's first publish made after it (with the client's ` +
      `retries) answered after ${across(survivors.map(c => kill.firstPublish.get(c.node.id)))}, its first task after ` +
      `${across(survivors.map(c => kill.firstTask.get(c.node.id)))}; ${victim.id} restarted and serving after ${servingAgain} ms`);
  }

  for (const [i, unit] of KILLED_IN_TURN.entries()) await killOwnerOf(unit, i + 1);

  // A minute boundary after the last kill, so a cron instant is fired after it; then the load stops.
  const cronCheckFrom = nextBoundary(lastKill.killedAt);
  await sleep(Math.max(2_000, cronCheckFrom + 1_000 - Date.now()));
  // (The killed nodes' publishers are not awaited: their clients retry their last batch against a closed port.)
  for (const c of live) running.set(c, false);
  await Promise.all(live.flatMap(c => c.loops));
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
    note(`${name}: ${answered.size} answered publishes all received in ${deliveries} deliveries ` +
      `(${duplicated} messages delivered more than once, ${deliveries - received[name].size} extra deliveries)`);
  }

  // Every task done (a 2xx answer), none dispatched twice at once.
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
  const cut = taskReceiver.requests.filter(r => r.clientAborted).length;
  note(`tasks: ${tasksCreated.size} created and answered, all done; ${taskReceiver.requests.length} attempts ` +
    `(${cut} cut by a kill), ${successes - done().size} tasks done more than once (at least once is the contract), no overlapping attempts`);
  const [left] = await live[0].tasks.listTasks({parent: queue});
  assert.deepEqual(left.map(task => task.name), [], 'tasks left in the queue after all were done');

  // One request per job and cron instant (the boundary's too, whose sender was killed mid-attempt); every job fired
  // for the first boundary after the last kill.
  await waitFor(() => jobReceiver.inFlight === 0, 10_000);
  const byInstant = new Map();
  for (const r of jobReceiver.requests) {
    const key = `${r.headers['x-cloudscheduler-jobname']} ${r.headers['x-cloudscheduler-scheduletime']}`;
    byInstant.set(key, (byInstant.get(key) ?? 0) + 1);
  }
  const twice = [...byInstant].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
  assert.deepEqual(twice, [], 'cron instants fired more than once');
  for (let j = 0; j < JOBS; j++) {
    const fired = jobReceiver.requests.filter(r => r.headers['x-cloudscheduler-jobname'] === `tick-${j}` && scheduleTime(r) === cronCheckFrom);
    assert.equal(fired.length, 1, `tick-${j} fired ${fired.length} times for ${new Date(cronCheckFrom).toISOString()}`);
  }
  const instants = [...new Set(jobReceiver.requests.map(r => r.headers['x-cloudscheduler-scheduletime']))].sort();
  const expected = [];
  for (let b = nextBoundary(jobsCreatedAt); b < loadStopped; b += minute) expected.push(b);
  note(`cron: ${jobReceiver.requests.length} requests for ${byInstant.size} job instants (${instants.join(', ')}), ` +
    `none twice (the boundary's ${held().length}, cut when their sender was killed, were not sent again); instants due ` +
    `while the test ran: ${expected.map(b => new Date(b).toISOString()).join(', ')}`);

  note(`subscriber errors: ${subscriberErrors.length ? subscriberErrors.join(' | ') : 'none'}; publish errors seen by running clients: ` +
    `${publishErrors.length}${publishErrors.length ? ` (first: ${publishErrors[0]})` : ''}; total ${Date.now() - started} ms`);
});
