// Durability across restarts: what a publish answered survives a stop, and acked messages stay acked.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {PubSub} from '@google-cloud/pubsub';
import {startServer} from '../lib/server.js';
import {collect, publishMany, sleep, uniqueProject} from '../lib/helpers.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'tidings-restart-'));
const opened = [];
after(async () => {
  for (const close of opened.reverse()) await close().catch(() => {});
  rmSync(dataDir, {recursive: true, force: true});
});

async function open(projectId) {
  const server = await startServer({dataDir});
  const pubsub = new PubSub({projectId, apiEndpoint: server.host, emulatorMode: true});
  opened.push(() => server.stop(), () => pubsub.close());
  return {server, pubsub};
}

test('published messages, topics and subscriptions survive a restart; acked ones are not delivered again', async () => {
  const projectId = uniqueProject('restart');
  let {server, pubsub} = await open(projectId);
  const [topic] = await pubsub.createTopic('durable-topic');
  await topic.createSubscription('durable-sub', {ackDeadlineSeconds: 30, labels: {team: 'core'}});
  const ids = await publishMany(topic, 50, 'before');
  await pubsub.close();
  await server.stop();

  ({server, pubsub} = await open(projectId));
  const [exists] = await pubsub.topic('durable-topic').exists();
  assert.ok(exists, 'the topic is gone after restart');
  const [metadata] = await pubsub.subscription('durable-sub').getMetadata();
  assert.equal(metadata.ackDeadlineSeconds, 30);
  assert.deepEqual(metadata.labels, {team: 'core'});

  const subscription = pubsub.subscription('durable-sub');
  const received = collect(subscription);
  await received.waitForCount(ids.length, 20_000, {distinct: true});
  assert.deepEqual([...received.byId.keys()].sort(), [...ids].sort());
  await subscription.close(); // flushes the acks
  await pubsub.close();
  await server.stop();

  ({server, pubsub} = await open(projectId));
  const again = pubsub.subscription('durable-sub');
  const redelivered = collect(again);
  const later = await publishMany(pubsub.topic('durable-topic'), 1, 'after');
  await redelivered.waitForCount(1, 20_000);
  await sleep(1500);
  await again.close();
  assert.deepEqual([...redelivered.byId.keys()], later, 'acked messages were delivered again after a restart');
});
