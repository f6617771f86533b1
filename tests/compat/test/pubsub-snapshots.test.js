// Snapshots through the official Node client: a snapshot restores exactly the unacked set it captured after more
// acks, snapshots are listed in pages, and Google's errors for a duplicate, a missing subscription and a snapshot of
// another topic. Expiry (7 days) is tested on a fake clock in tests/Tidings.PubSub.Tests/Snapshots.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Code, collect, expectGrpcError, sleep, uniqueProject, useServer} from '../lib/helpers.js';

const env = useServer();

/** Receives until `count` distinct messages came, acking those whose payload `shouldAck` accepts; closes the subscriber. */
async function receive(pubsub, name, count, shouldAck = () => true) {
  const subscription = env.track(pubsub.subscription(name));
  const c = collect(subscription, {
    ack: false,
    handler: m => (shouldAck(m.data.toString()) ? m.ack() : undefined),
  });
  await c.waitForCount(count, 10_000, {distinct: true});
  await subscription.close(); // flushes the acks; unacked messages stay leased until their deadline
  return [...new Set(c.messages.map(m => m.data.toString()))].sort();
}

test('seek to a snapshot restores exactly the unacked set it captured, after more acks', async () => {
  const pubsub = env.pubsub(uniqueProject('snap'));
  const [topic] = await pubsub.createTopic('orders');
  const [subscription] = await topic.createSubscription('work', {ackDeadlineSeconds: 10});
  for (const payload of ['a', 'b', 'c']) await topic.publishMessage({data: Buffer.from(payload)});

  // Ack a and c; b stays unacked (leased until its deadline).
  assert.deepEqual(await receive(pubsub, 'work', 3, payload => payload !== 'b'), ['a', 'b', 'c']);
  const [snapshot] = await subscription.createSnapshot('before-b');
  assert.equal(snapshot.name, `projects/${pubsub.projectId}/snapshots/before-b`);

  await topic.publishMessage({data: Buffer.from('d')});
  await subscription.seek(`projects/${pubsub.projectId}/snapshots/before-b`); // voids b's lease: it comes at once
  assert.deepEqual(await receive(pubsub, 'work', 2), ['b', 'd']);

  await subscription.seek('before-b');
  const again = env.track(pubsub.subscription('work'));
  const c = collect(again);
  await c.waitForCount(2, 10_000, {distinct: true});
  await sleep(1000); // a and c were acked when the snapshot was taken: they must not follow
  await again.close();
  assert.deepEqual([...new Set(c.messages.map(m => m.data.toString()))].sort(), ['b', 'd'], c.summary());
});

test('snapshots are listed in pages', async () => {
  const pubsub = env.pubsub(uniqueProject('snap'));
  const [topic] = await pubsub.createTopic('orders');
  const [subscription] = await topic.createSubscription('work');
  for (const id of ['snap-1', 'snap-2', 'snap-3']) await subscription.createSnapshot(id);

  const [first, next] = await pubsub.getSnapshots({pageSize: 2, autoPaginate: false});
  assert.deepEqual(first.map(s => s.name.split('/').pop()), ['snap-1', 'snap-2']);
  assert.ok(next?.pageToken, 'a next page token');
  const [second] = await pubsub.getSnapshots({pageSize: 2, pageToken: next.pageToken, autoPaginate: false});
  assert.deepEqual(second.map(s => s.name.split('/').pop()), ['snap-3']);

  await pubsub.snapshot('snap-2').delete();
  const [all] = await pubsub.getSnapshots();
  assert.deepEqual(all.map(s => s.name.split('/').pop()), ['snap-1', 'snap-3']);
});

test('snapshot errors: duplicate, missing subscription, another topic', async () => {
  const pubsub = env.pubsub(uniqueProject('snap'));
  const [topic] = await pubsub.createTopic('orders');
  const [other] = await pubsub.createTopic('elsewhere');
  const [subscription] = await topic.createSubscription('work');
  const [foreign] = await other.createSubscription('foreign');
  await subscription.createSnapshot('taken');

  await expectGrpcError(subscription.createSnapshot('taken'), Code.ALREADY_EXISTS, 'Resource already exists in the project (resource=taken).');
  await expectGrpcError(pubsub.subscription('nope').createSnapshot('orphan'), Code.NOT_FOUND, 'Resource not found (resource=nope).');
  await expectGrpcError(foreign.seek('taken'), Code.FAILED_PRECONDITION);
});
