// Snapshots and seek results survive kill -9 (a server with a data directory, Google's Node client): a snapshot is
// stored before CreateSnapshot answers, a seek's ack state before Seek answers, and a snapshot keeps holding the
// messages it needs after the restart.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {PubSub} from '@google-cloud/pubsub';
import {startServer} from '../lib/server.js';
import {collect, sleep, uniqueProject} from '../lib/helpers.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'tidings-snapshots-'));
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

/** Receives until `count` distinct messages came, acks them all, closes the subscriber; returns the payloads sorted. */
async function receiveAll(pubsub, name, count) {
  const subscription = pubsub.subscription(name);
  const c = collect(subscription);
  await c.waitForCount(count, 10_000, {distinct: true});
  await sleep(500); // nothing more may come
  await subscription.close();
  return c.messages.map(m => m.data.toString()).sort();
}

test('a snapshot and a seek to it survive kill -9, and the snapshot still holds its messages', async () => {
  const projectId = uniqueProject('snapcrash');
  let {server, pubsub} = await open(projectId);
  const [topic] = await pubsub.createTopic('orders');
  const [subscription] = await topic.createSubscription('work');
  await topic.publishMessage({data: Buffer.from('a')});
  assert.deepEqual(await receiveAll(pubsub, 'work', 1), ['a']);
  await topic.publishMessage({data: Buffer.from('b')});
  await subscription.createSnapshot('after-a');
  assert.deepEqual(await receiveAll(pubsub, 'work', 1), ['b']);
  await sleep(500); // the acks are checkpointed (every 100 ms)

  await subscription.seek('after-a');
  await pubsub.close();
  await server.kill();

  ({server, pubsub} = await open(projectId));
  const [snapshots] = await pubsub.getSnapshots();
  assert.deepEqual(snapshots.map(s => s.name.split('/').pop()), ['after-a']);
  assert.deepEqual(await receiveAll(pubsub, 'work', 1), ['b'], 'the seek was answered, so its state must survive');

  await sleep(500);
  await pubsub.subscription('work').seek('after-a');
  assert.deepEqual(await receiveAll(pubsub, 'work', 1), ['b'], 'the snapshot holds b across the restart');
});
