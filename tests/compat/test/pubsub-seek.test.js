// Seek to a time through the official Node client (subscription.seek(date)): acked messages published at or after
// the time come back where retain_acked_messages keeps them, and a time in the future empties the backlog. The
// retention rules themselves (what is kept how long) are tested on a fake clock in tests/Tidings.PubSub.Tests.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Code, collect, expectGrpcError, sleep, uniqueProject, useServer} from '../lib/helpers.js';

const env = useServer();

/** Receives until `count` messages came, acks them, closes the subscriber and returns their payloads. */
async function receive(pubsub, name, count) {
  const subscription = env.track(pubsub.subscription(name));
  const c = collect(subscription);
  await c.waitForCount(count);
  await subscription.close(); // flushes the acks
  assert.deepEqual(c.failedAckBatches().map(d => d.message), [], 'the server refused an ack');
  return c.messages.map(m => m.data.toString());
}

test('seek to a time replays the acked messages published from that time on', async () => {
  const pubsub = env.pubsub(uniqueProject('seek'));
  const [topic] = await pubsub.createTopic('orders');
  const [subscription] = await topic.createSubscription('replay', {retainAckedMessages: true});

  await topic.publishMessage({data: Buffer.from('before')});
  assert.deepEqual(await receive(pubsub, 'replay', 1), ['before']);
  // The client sends a Date's milliseconds as microseconds (nanos = ms % 1000 * 1000, @google-cloud/pubsub 5.3.1
  // subscription.js), so only a time on a whole second reaches the server as given: take the next one.
  const time = new Date(Math.ceil((Date.now() + 1) / 1000) * 1000);
  await sleep(time.getTime() - Date.now() + 20);
  await topic.publishMessage({data: Buffer.from('after-1')});
  await topic.publishMessage({data: Buffer.from('after-2')});
  assert.deepEqual((await receive(pubsub, 'replay', 2)).sort(), ['after-1', 'after-2']);

  await subscription.seek(time);

  const replayed = env.track(pubsub.subscription('replay'));
  const c = collect(replayed);
  await c.waitForCount(2);
  await sleep(1000); // nothing from before the time may follow
  await replayed.close();
  assert.deepEqual(c.messages.map(m => m.data.toString()).sort(), ['after-1', 'after-2'], c.summary());
});

test('seek to the future empties the backlog; later messages are delivered', async () => {
  const pubsub = env.pubsub(uniqueProject('seek'));
  const [topic] = await pubsub.createTopic('orders');
  const [subscription] = await topic.createSubscription('skip');
  await topic.publishMessage({data: Buffer.from('old-1')});
  await topic.publishMessage({data: Buffer.from('old-2')});

  await subscription.seek(new Date(Date.now() + 3_600_000));

  const skipped = env.track(pubsub.subscription('skip'));
  const c = collect(skipped);
  await sleep(1500); // the one bounded wait for an absence
  c.throwIfFailed();
  assert.equal(c.count, 0, `the backlog was not emptied: ${c.summary()}`);
  await topic.publishMessage({data: Buffer.from('new')});
  await c.waitForCount(1);
  await skipped.close();
  assert.deepEqual(c.messages.map(m => m.data.toString()), ['new']);
});

test('seek on a missing subscription is NOT_FOUND', async () => {
  const pubsub = env.pubsub(uniqueProject('seek'));
  await expectGrpcError(pubsub.subscription('nope').seek(new Date()), Code.NOT_FOUND, 'Resource not found (resource=nope).');
});
