// Message size: a ~9.9 MB message goes through intact (Publish and StreamingPull); a Publish
// request over the 10 MiB limit is refused with Google's INVALID_ARGUMENT, also far past gRPC's own
// receive limit, and the topic keeps working.

import assert from 'node:assert/strict';
import {createHash, randomBytes} from 'node:crypto';
import {test} from 'node:test';
import {Code, collect, expectGrpcError, uniqueProject, useServer} from '../lib/helpers.js';

const env = useServer();

const PAYLOAD_TOO_LARGE = 'Request payload size exceeds the limit: 10485760 bytes.';

const sha256 = buf => createHash('sha256').update(buf).digest('hex');

test('a 9.9 MB message is published and received intact', async () => {
  const pubsub = env.pubsub(uniqueProject());
  const [topic] = await pubsub.createTopic('my-topic');
  await topic.createSubscription('my-sub');
  const data = randomBytes(9_900_000);

  // The client caps a batch at 9 MiB, but a single larger message is still sent, alone.
  const big = pubsub.topic('my-topic', {batching: {maxBytes: 10 * 1000 * 1000, maxMessages: 1}});
  const id = await big.publishMessage({data, attributes: {kind: 'big'}});
  assert.ok(id);

  const subscription = env.track(pubsub.subscription('my-sub'));
  const c = collect(subscription);
  await c.waitForCount(1, 30_000);
  await subscription.close();
  const m = c.messages[0];
  assert.equal(m.id, id);
  assert.equal(m.data.length, data.length);
  assert.equal(sha256(m.data), sha256(data));
  assert.deepEqual({...m.attributes}, {kind: 'big'});
});

test('a Publish request over 10 MB is refused with INVALID_ARGUMENT and the topic keeps working', async () => {
  const pubsub = env.pubsub(uniqueProject());
  const [topic] = await pubsub.createTopic('my-topic');
  await topic.createSubscription('my-sub');
  // 10.5 MiB: over the limit whether it is counted as 10 MB or 10 MiB.
  const data = Buffer.alloc(11_010_048, 0x61);
  await expectGrpcError(topic.publishMessage({data}), Code.INVALID_ARGUMENT, PAYLOAD_TOO_LARGE);

  // The connection and the topic are still fine, and the refused message was not stored.
  const id = await topic.publishMessage({data: Buffer.from('small')});
  const subscription = env.track(pubsub.subscription('my-sub'));
  const c = collect(subscription);
  await c.waitForCount(1);
  await subscription.close();
  assert.deepEqual(c.messages.map(m => [m.id, m.data.toString()]), [[id, 'small']]);
});

test('a Publish request of 30 MB gets the same INVALID_ARGUMENT, not a transport RESOURCE_EXHAUSTED', async () => {
  const pubsub = env.pubsub(uniqueProject());
  const [topic] = await pubsub.createTopic('my-topic');
  const huge = pubsub.topic('my-topic', {batching: {maxBytes: 40 * 1000 * 1000, maxMessages: 1}});
  await expectGrpcError(huge.publishMessage({data: Buffer.alloc(30_000_000, 0x61)}), Code.INVALID_ARGUMENT, PAYLOAD_TOO_LARGE);

  const id = await topic.publishMessage({data: Buffer.from('small')});
  assert.ok(id);
});
