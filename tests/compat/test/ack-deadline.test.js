// Unary Pull through the generated v1.SubscriberClient: an unacknowledged message comes back
// after the subscription's ack deadline; ModifyAckDeadline(0) releases it at once; Acknowledge
// with a stale or repeated ack id is not an error.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Code, expectGrpcError, uniqueProject, useServer} from '../lib/helpers.js';

const env = useServer();

/**
 * Pulls until at least one message arrives or `timeoutMs` passes. A Pull that the server holds
 * open until our per-call timeout counts as "nothing yet" (DEADLINE_EXCEEDED is not retried by gax).
 */
async function pullOne(client, subscription, timeoutMs, perCallMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const callTimeout = Math.max(500, Math.min(perCallMs, deadline - Date.now()));
    try {
      const [resp] = await client.pull({subscription, maxMessages: 10}, {timeout: callTimeout});
      if (resp.receivedMessages?.length) return resp.receivedMessages;
    } catch (e) {
      if (e.code !== Code.DEADLINE_EXCEEDED) throw e;
    }
    await new Promise(r => setTimeout(r, 100));
  }
  return [];
}

test('an unacknowledged pulled message is delivered again after the 10 s ack deadline', async () => {
  const project = uniqueProject();
  const pubsub = env.pubsub(project);
  const [topic] = await pubsub.createTopic('my-topic');
  await topic.createSubscription('my-sub', {ackDeadlineSeconds: 10});
  const subscriber = await env.subscriberClient(pubsub);
  const subscription = `projects/${project}/subscriptions/my-sub`;

  const id = await topic.publishMessage({data: Buffer.from('lease me'), attributes: {a: '1'}});

  const first = await pullOne(subscriber, subscription, 10_000);
  assert.equal(first.length, 1, 'the published message was not pulled');
  const firstAt = Date.now();
  const [rm] = first;
  assert.equal(rm.message.messageId, id);
  assert.equal(Buffer.from(rm.message.data).toString(), 'lease me');
  assert.deepEqual({...rm.message.attributes}, {a: '1'});
  assert.equal(rm.deliveryAttempt, 0);
  assert.ok(rm.ackId);

  // While the lease runs, the message is not handed out again; after it expires, it is.
  // Long per-call timeout: a server that holds Pull open should answer this one call at ~10 s,
  // rather than lose the message to a call we cancel right when the lease runs out.
  const again = await pullOne(subscriber, subscription, 25_000, 15_000);
  const elapsed = Date.now() - firstAt;
  assert.equal(again.length, 1, `not redelivered within ${elapsed} ms of the first pull`);
  assert.equal(again[0].message.messageId, id);
  assert.equal(Buffer.from(again[0].message.data).toString(), 'lease me');
  assert.ok(elapsed >= 8_500, `redelivered after ${elapsed} ms, before the 10 s ack deadline ran out`);
  assert.ok(elapsed <= 20_000, `redelivered only after ${elapsed} ms`);

  // The old ack id has expired; acking it (non-exactly-once) is silently accepted.
  await subscriber.acknowledge({subscription, ackIds: [rm.ackId]});
  // The current one works, and acking twice is not an error either.
  await subscriber.acknowledge({subscription, ackIds: [again[0].ackId]});
  await subscriber.acknowledge({subscription, ackIds: [again[0].ackId]});
});

test('ModifyAckDeadline 0 makes a pulled message available again at once', async () => {
  const project = uniqueProject();
  const pubsub = env.pubsub(project);
  const [topic] = await pubsub.createTopic('my-topic');
  await topic.createSubscription('my-sub', {ackDeadlineSeconds: 60});
  const subscriber = await env.subscriberClient(pubsub);
  const subscription = `projects/${project}/subscriptions/my-sub`;
  const id = await topic.publishMessage({data: Buffer.from('nack me')});

  const [rm] = await pullOne(subscriber, subscription, 10_000);
  assert.equal(rm?.message.messageId, id);
  await subscriber.modifyAckDeadline({subscription, ackIds: [rm.ackId], ackDeadlineSeconds: 0});
  const t0 = Date.now();
  const again = await pullOne(subscriber, subscription, 10_000);
  assert.equal(again[0]?.message.messageId, id, 'the nacked message was not redelivered');
  assert.ok(Date.now() - t0 < 10_000);
  await subscriber.acknowledge({subscription, ackIds: [again[0].ackId]});
});

test('Pull validates its request and its subscription', async () => {
  const project = uniqueProject();
  const pubsub = env.pubsub(project);
  const [topic] = await pubsub.createTopic('my-topic');
  await topic.createSubscription('my-sub');
  const subscriber = await env.subscriberClient(pubsub);

  await expectGrpcError(
    subscriber.pull({subscription: `projects/${project}/subscriptions/missing`, maxMessages: 1}),
    Code.NOT_FOUND,
    'Resource not found (resource=missing).',
  );
  // max_messages is required and must be positive.
  await expectGrpcError(
    subscriber.pull({subscription: `projects/${project}/subscriptions/my-sub`, maxMessages: 0}),
    Code.INVALID_ARGUMENT,
  );
});
