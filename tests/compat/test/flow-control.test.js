// Client flow control: with flowControl {maxMessages: 5, allowExcessMessages: false} the handler
// never holds more than 5 unacked messages at once. The client also sends these limits to the
// server as max_outstanding_messages / max_outstanding_bytes on each StreamingPull.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {collect, publishMany, sleep, uniqueProject, useServer} from '../lib/helpers.js';

const env = useServer();

test('flowControl maxMessages 5: at most 5 messages in hand while 50 are processed slowly', async () => {
  const n = 50;
  const pubsub = env.pubsub(uniqueProject());
  const [topic] = await pubsub.createTopic('my-topic');
  await topic.createSubscription('my-sub');
  const ids = await publishMany(topic, n, 'fc');

  const subscription = env.track(
    pubsub.subscription('my-sub', {flowControl: {maxMessages: 5, allowExcessMessages: false}}),
  );
  let inHand = 0;
  let maxInHand = 0;
  const c = collect(subscription, {
    handler: async m => {
      inHand += 1;
      maxInHand = Math.max(maxInHand, inHand);
      await sleep(60);
      inHand -= 1;
      m.ack();
    },
  });
  await c.waitForCount(n, 30_000, {distinct: true});
  await subscription.close();

  assert.ok(maxInHand <= 5, `${maxInHand} messages were in hand at once, flow control allows 5`);
  assert.ok(maxInHand >= 2, `messages were handed out one at a time only (max ${maxInHand} in hand)`);
  assert.deepEqual([...c.byId.keys()].sort(), [...ids].sort());
  assert.equal(c.count, n, `messages were redelivered: ${c.summary()}`);
  assert.deepEqual(c.failedAckBatches().map(d => d.message), []);
});
