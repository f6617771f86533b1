// Publishing with attributes and receiving with the streaming subscriber (StreamingPull):
// message fields, ack (no redelivery), nack (redelivery), and which messages a subscription gets.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Code, collect, sleep, uniqueProject, useServer, waitFor} from '../lib/helpers.js';

const env = useServer();

test('publishMessage returns an id; the subscriber sees data, attributes, id, publishTime and deliveryAttempt 0; an acked message is not redelivered', async () => {
  const pubsub = env.pubsub(uniqueProject());
  const [topic] = await pubsub.createTopic('my-topic');
  await topic.createSubscription('my-sub');

  const attributes = {color: 'blue', size: 'L', note: 'grüße ✓'};
  const publishedAt = Date.now();
  const id = await topic.publishMessage({data: Buffer.from('hello world'), attributes});
  assert.equal(typeof id, 'string');
  assert.ok(id.length > 0, 'empty message id');

  const subscription = env.track(pubsub.subscription('my-sub'));
  const c = collect(subscription, {ack: false});
  await c.waitForCount(1);
  const m = c.messages[0];
  const receivedAt = Date.now();

  assert.equal(m.id, id);
  assert.equal(m.data.toString('utf8'), 'hello world');
  assert.deepEqual({...m.attributes}, attributes);
  assert.ok(m.publishTime instanceof Date, 'publishTime is not a Date');
  const publishMs = m.publishTime.getTime();
  assert.ok(
    publishMs >= publishedAt - 2000 && publishMs <= receivedAt + 2000,
    `publishTime ${m.publishTime.toISOString()} is not between publish (${new Date(publishedAt).toISOString()}) and receipt`,
  );
  assert.equal(m.deliveryAttempt, 0, 'deliveryAttempt must be 0 without a dead-letter policy');
  assert.ok(!m.orderingKey, `unexpected orderingKey ${JSON.stringify(m.orderingKey)}`);
  assert.equal(typeof m.ackId, 'string');
  assert.ok(m.ackId.length > 0 && Buffer.byteLength(m.ackId) <= 164, `ack id must be 1..164 bytes, got ${Buffer.byteLength(m.ackId)}`);

  m.ack();
  await subscription.close(); // flushes the pending Acknowledge
  assert.deepEqual(c.failedAckBatches().map(d => d.message), [], 'the server refused the ack');
  assert.equal(c.count, 1, `message delivered more than once before the ack: ${c.summary()}`);

  // Reopen: the acked message must not come back. This is the one bounded wait for an absence.
  const again = env.track(pubsub.subscription('my-sub'));
  const c2 = collect(again);
  await sleep(2000);
  c2.throwIfFailed();
  assert.equal(c2.count, 0, `acked message was redelivered: ${c2.summary()}`);

  // Positive control: the reopened subscriber does work, and gets only the new message.
  const id2 = await topic.publishMessage({data: Buffer.from('second')});
  await c2.waitForCount(1);
  assert.deepEqual(c2.messages.map(x => [x.id, x.data.toString()]), [[id2, 'second']]);
  await again.close();
});

test('messages published together keep their own data and attributes, with distinct ids', async () => {
  const pubsub = env.pubsub();
  const [topic] = await pubsub.createTopic('my-topic');
  await topic.createSubscription('my-sub');
  const n = 25;
  // Published concurrently, so the client batches them into one or a few Publish requests.
  const ids = await Promise.all(
    Array.from({length: n}, (_, i) =>
      topic.publishMessage({data: Buffer.from(`payload-${i}`), attributes: {index: String(i)}}),
    ),
  );
  assert.equal(new Set(ids).size, n, 'message ids are not unique');

  const subscription = env.track(pubsub.subscription('my-sub'));
  const c = collect(subscription);
  await c.waitForCount(n, 15_000, {distinct: true});
  await subscription.close();
  for (const [msgId, deliveries] of c.byId) {
    const i = ids.indexOf(msgId);
    assert.ok(i >= 0, `received unknown message id ${msgId}`);
    for (const m of deliveries) {
      assert.equal(m.data.toString(), `payload-${i}`);
      assert.deepEqual({...m.attributes}, {index: String(i)});
    }
  }
});

test('a message with attributes and no data is delivered with empty data', async () => {
  const pubsub = env.pubsub();
  const [topic] = await pubsub.createTopic('my-topic');
  await topic.createSubscription('my-sub');
  const id = await topic.publishMessage({attributes: {only: 'attributes'}});
  const subscription = env.track(pubsub.subscription('my-sub'));
  const c = collect(subscription);
  await c.waitForCount(1);
  await subscription.close();
  const m = c.messages[0];
  assert.equal(m.id, id);
  assert.equal(m.data.length, 0);
  assert.deepEqual({...m.attributes}, {only: 'attributes'});
});

test('a nacked message is redelivered with the same id and data', async () => {
  const pubsub = env.pubsub();
  const [topic] = await pubsub.createTopic('my-topic');
  await topic.createSubscription('my-sub');
  const id = await topic.publishMessage({data: Buffer.from('try again'), attributes: {k: 'v'}});

  const subscription = env.track(pubsub.subscription('my-sub'));
  const c = collect(subscription, {
    handler: m => {
      if (c.byId.get(m.id).length === 1) m.nack();
      else m.ack();
    },
  });
  await c.waitForCount(2);
  await subscription.close();

  const [first, second] = c.messages;
  assert.equal(first.id, id);
  assert.equal(second.id, id);
  assert.equal(second.data.toString(), 'try again');
  assert.deepEqual({...second.attributes}, {k: 'v'});
  assert.equal(second.publishTime.getTime(), first.publishTime.getTime(), 'publishTime changed on redelivery');
  assert.equal(second.deliveryAttempt, 0, 'deliveryAttempt must stay 0 without a dead-letter policy');
  assert.deepEqual(c.failedAckBatches().map(d => d.message), []);
});

test('a subscription only receives messages published after it was created', async () => {
  const pubsub = env.pubsub();
  const [topic] = await pubsub.createTopic('my-topic');
  const earlyId = await topic.publishMessage({data: Buffer.from('before the subscription')});
  await topic.createSubscription('my-sub');
  const lateIds = await Promise.all([
    topic.publishMessage({data: Buffer.from('after 1')}),
    topic.publishMessage({data: Buffer.from('after 2')}),
  ]);

  const subscription = env.track(pubsub.subscription('my-sub'));
  const c = collect(subscription);
  await c.waitForCount(2, 15_000, {distinct: true});
  await subscription.close();
  assert.ok(!c.byId.has(earlyId), 'a message published before the subscription existed was delivered');
  assert.deepEqual([...c.byId.keys()].sort(), [...lateIds].sort());
});

test('a streaming subscriber on a missing subscription fails with NOT_FOUND (not retried)', async () => {
  const pubsub = env.pubsub();
  const subscription = env.track(pubsub.subscription('never-created'));
  const c = collect(subscription);
  // The client gives up (emits 'error') only when the server ends its streams with a
  // non-retryable status; OK or UNAVAILABLE would leave it retrying silently.
  await waitFor(() => c.errors.length > 0, 15_000, {describe: () => c.summary()});
  assert.equal(c.errors[0].code, Code.NOT_FOUND, `subscriber error: ${c.errors[0].code} ${c.errors[0].message}`);
  assert.equal(c.errors[0].details, 'Resource not found (resource=never-created).');
  assert.equal(c.count, 0);
  await subscription.close();
});
