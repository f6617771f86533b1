// The bootstrap file (--bootstrap, docs/bootstrap.md) through a real server process and Google's clients: what the
// file declares exists, with its settings, as the Pub/Sub, Cloud Tasks and Cloud Scheduler clients see it; a restart
// over the same data directory after a change updates only what changed; a declaration the API refuses stops the
// process with exit code 2 and a line naming the file, the line and the API's error, before it ever listens.

import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {PubSub} from '@google-cloud/pubsub';
import {startServer, defaultDll} from '../lib/server.js';
import {tasksClient, queueName} from '../lib/tasks.js';
import {uniqueProject} from '../lib/helpers.js';

const require = createRequire(import.meta.url);
const {CloudSchedulerClient} = require('@google-cloud/scheduler');
const fromScheduler = createRequire(require.resolve('@google-cloud/scheduler'));
const {grpc} = fromScheduler('google-gax');

process.env.METADATA_SERVER_DETECTION ??= 'none';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-bootstrap-'));
const project = uniqueProject('boot');
const bootstrap = path.join(dir, 'bootstrap.yaml');
const declarations = ackDeadline => `
project: ${project}
location: europe-west1
schemas:
  - name: order
    type: AVRO
    definition: '{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}'
topics:
  - name: orders
  - name: orders-dead
  - name: typed-orders
    schemaSettings: {schema: order, encoding: JSON}
subscriptions:
  - name: billing
    topic: orders
    ackDeadlineSeconds: ${ackDeadline}
    deadLetterPolicy: {deadLetterTopic: orders-dead, maxDeliveryAttempts: 7}
queues:
  - name: work
    rateLimits: {maxDispatchesPerSecond: 5}
jobs:
  - name: nightly
    schedule: "0 3 * * *"
    timeZone: Europe/Paris
    pubsubTarget: {topicName: orders, data: aGk=}
`;

after(() => rmSync(dir, {recursive: true, force: true}));

async function withServer(check) {
  const server = await startServer({dataDir: path.join(dir, 'data'), args: ['--bootstrap', bootstrap]});
  const env = {server, clients: new Set()};
  try {
    await check(env);
  } finally {
    for (const client of env.clients) await client.close();
    await server.stop();
  }
}

async function describe(env) {
  const pubsub = new PubSub({projectId: project, apiEndpoint: env.server.host, emulatorMode: true});
  env.clients.add(pubsub);
  const scheduler = new CloudSchedulerClient({
    apiEndpoint: '127.0.0.1', port: env.server.port, sslCreds: grpc.credentials.createInsecure(), universeDomain: 'googleapis.com',
  });
  env.clients.add(scheduler);
  const [subscription] = await pubsub.subscription('billing').getMetadata();
  const [queue] = await tasksClient(env).getQueue({name: queueName(project, 'work', 'europe-west1')});
  const [job] = await scheduler.getJob({name: `projects/${project}/locations/europe-west1/jobs/nightly`});
  const schema = await pubsub.schema('order').get();
  const [typed] = await pubsub.topic('typed-orders').getMetadata();
  return {subscription, queue, job, schema, typed};
}

/**
 * What the start-up applied: one line on a single server; in a cluster one line per service's owner (each applies its
 * service's part of the file: docs/cluster.md), summed. With Pub/Sub in cells every cell applies the file's one schema
 * (a topic of any cell may need it): one creates or commits it, the others find it unchanged. A cell handed to the
 * other node after the start (src/Tidings/Cluster/CellHandback.cs) applies its part again there, finding it all
 * unchanged: of a part's lines (named at their end), the one that changed most counts.
 */
function applied(output) {
  const byPart = new Map();
  for (const match of output.matchAll(/applied: (\d+) created, (\d+) updated, (\d+) unchanged \(([^)]+)\)/g)) {
    const counts = [1, 2, 3].map(i => Number(match[i]));
    const kept = byPart.get(match[4]);
    if (!kept || counts[0] + counts[1] > kept[0] + kept[1]) byPart.set(match[4], counts);
  }
  const totals = [0, 0, 0];
  for (const counts of byPart.values()) {
    for (let i = 0; i < 3; i++) totals[i] += counts[i];
  }
  const cells = Number(process.env.TIDINGS_COMPAT_PUBSUB_CELLS || 1);
  if (process.env.TIDINGS_COMPAT_TOPOLOGY === 'cluster' && cells > 1) totals[2] -= cells - 1;
  return `${totals[0]} created, ${totals[1]} updated, ${totals[2]} unchanged`;
}

test('what the file declares exists before the server listens, and a restart updates only what changed', async () => {
  writeFileSync(bootstrap, declarations(30));
  await withServer(async env => {
    const {subscription, queue, job, schema, typed} = await describe(env);
    assert.equal(schema.type, 'AVRO');
    assert.match(schema.definition, /"name": "Order"/);
    assert.equal(typed.schemaSettings.schema, `projects/${project}/schemas/order`);
    assert.equal(subscription.topic, `projects/${project}/topics/orders`);
    assert.equal(subscription.ackDeadlineSeconds, 30);
    assert.equal(subscription.deadLetterPolicy.deadLetterTopic, `projects/${project}/topics/orders-dead`);
    assert.equal(subscription.deadLetterPolicy.maxDeliveryAttempts, 7);
    assert.equal(queue.rateLimits.maxDispatchesPerSecond, 5);
    assert.equal(job.schedule, '0 3 * * *');
    assert.equal(job.timeZone, 'Europe/Paris');
    assert.equal(job.pubsubTarget.topicName, `projects/${project}/topics/orders`);
    assert.equal(applied(env.server.output()), '7 created, 0 updated, 0 unchanged');
  });

  writeFileSync(bootstrap, declarations(45));
  await withServer(async env => {
    const {subscription} = await describe(env);
    assert.equal(subscription.ackDeadlineSeconds, 45);
    assert.equal(subscription.deadLetterPolicy.maxDeliveryAttempts, 7);
    assert.equal(applied(env.server.output()), '0 created, 1 updated, 6 unchanged');
  });
});

test('a declaration the API refuses stops the process with exit code 2, naming the file, the line and the error', () => {
  const refused = path.join(dir, 'refused.yaml');
  writeFileSync(refused, `project: ${project}\ntopics:\n  - name: t1\n`);
  const result = spawnSync(process.env.TIDINGS_DOTNET || 'dotnet',
    [process.env.TIDINGS_SERVER_DLL || defaultDll, '--in-memory', '--port', '0', '--bootstrap', refused],
    {encoding: 'utf8', timeout: 60_000});

  assert.equal(result.status, 2);
  assert.doesNotMatch(result.stdout, /Tidings listening on/);
  assert.match(result.stderr,
    new RegExp(`^tidings: Bootstrap file '${refused.replaceAll('/', '\\/')}' line 3, topic projects/${project}/topics/t1: INVALID_ARGUMENT: `, 'm'));
});
