// Competing consumers: two independent clients on one subscription share its messages; every
// message is delivered to (and acked by) exactly one of them.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
  collect,
  publishMany,
  sleep,
  uniqueProject,
  useServer,
  waitFor,
  waitForSubscriberChannel,
} from '../lib/helpers.js';

const env = useServer();

test('two PubSub clients on the same subscription together receive all 400 messages, each once', async () => {
  const n = 400;
  const project = uniqueProject();
  const admin = env.pubsub(project);
  const [topic] = await admin.createTopic('my-topic');
  await topic.createSubscription('my-sub');

  // Two separate client instances (separate channels, 5 streams each), as two processes would have.
  // Small flow-control windows, so that neither consumer can take the whole backlog at once.
  const clientA = env.pubsub(project);
  const clientB = env.pubsub(project);
  const options = {flowControl: {maxMessages: 10, allowExcessMessages: false}};
  const subA = env.track(clientA.subscription('my-sub', options));
  const subB = env.track(clientB.subscription('my-sub', options));
  const slowAck = async m => {
    await sleep(5);
    m.ack();
  };
  const ca = collect(subA, {handler: slowAck});
  const cb = collect(subB, {handler: slowAck});
  await Promise.all([waitForSubscriberChannel(clientA), waitForSubscriberChannel(clientB)]);

  const ids = await publishMany(topic, n, 'job');
  const union = () => new Set([...ca.byId.keys(), ...cb.byId.keys()]);
  await waitFor(
    () => {
      ca.throwIfFailed();
      cb.throwIfFailed();
      return union().size >= n;
    },
    30_000,
    {describe: () => `union ${union().size}/${n}; A: ${ca.summary()}; B: ${cb.summary()}`},
  );
  await Promise.all([subA.close(), subB.close()]);

  assert.deepEqual([...union()].sort(), [...ids].sort());
  const total = ca.count + cb.count;
  assert.equal(total, n, `expected each message to be delivered once; A got ${ca.count}, B got ${cb.count} (total ${total})`);
  assert.ok(ca.count > 0, `consumer A received nothing (B got ${cb.count})`);
  assert.ok(cb.count > 0, `consumer B received nothing (A got ${ca.count})`);
  const expected = new Map(ids.map((id, i) => [id, `job-${i}`]));
  for (const m of [...ca.messages, ...cb.messages]) assert.equal(m.data.toString(), expected.get(m.id));
  assert.deepEqual([...ca.failedAckBatches(), ...cb.failedAckBatches()].map(d => d.message), []);
});
