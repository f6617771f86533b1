// Automatic lease extension: the Node subscriber keeps a message it is still processing leased by
// sending ModifyAckDeadline (unary) before the deadline runs out, so a handler that takes longer
// than the subscription's 10 s ack deadline gets the message exactly once.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Duration} from '@google-cloud/pubsub';
import {collect, sleep, uniqueProject, useServer, waitFor} from '../lib/helpers.js';

const env = useServer();

test('a message processed for 13 s on a 10 s subscription is delivered once (client modacks keep the lease)', async () => {
  const pubsub = env.pubsub(uniqueProject());
  const [topic] = await pubsub.createTopic('my-topic');
  await topic.createSubscription('my-sub', {ackDeadlineSeconds: 10});

  // Pin the client's lease length to 10 s, so it must extend (modack) repeatedly instead of
  // asking once for a long deadline.
  const subscription = env.track(
    pubsub.subscription('my-sub', {
      minAckDeadline: Duration.from({seconds: 10}),
      maxAckDeadline: Duration.from({seconds: 10}),
    }),
  );
  let acked = false;
  const c = collect(subscription, {
    handler: async m => {
      if (c.byId.get(m.id).length > 1) return; // a redelivery: recorded, and the test will fail
      await sleep(13_000);
      m.ack();
      acked = true;
    },
  });

  const id = await topic.publishMessage({data: Buffer.from('slow work')});
  await c.waitForCount(1);
  await waitFor(() => {
    c.throwIfFailed();
    return acked;
  }, 20_000, {describe: () => c.summary()});
  await subscription.close(); // flushes the ack

  assert.equal(c.count, 1, `the message was redelivered while still being processed: ${c.summary()}`);
  assert.equal(c.messages[0].id, id);
  assert.deepEqual(
    c.failedAckBatches().map(d => d.message),
    [],
    'the server refused an ack or a lease-extension modack',
  );
});
