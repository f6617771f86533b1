// Fan-out: every subscription of a topic receives every message published to it.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {collect, publishMany, uniqueProject, useServer} from '../lib/helpers.js';

const env = useServer();

test('two subscriptions on one topic each receive all 200 messages', async () => {
  const n = 200;
  const pubsub = env.pubsub(uniqueProject());
  const [topic] = await pubsub.createTopic('my-topic');
  await topic.createSubscription('sub-a');
  await topic.createSubscription('sub-b');

  const subA = env.track(pubsub.subscription('sub-a'));
  const subB = env.track(pubsub.subscription('sub-b'));
  const ca = collect(subA);
  const cb = collect(subB);

  const ids = await publishMany(topic, n, 'fan');
  assert.equal(new Set(ids).size, n, 'message ids are not unique');

  await Promise.all([ca.waitForCount(n, 30_000, {distinct: true}), cb.waitForCount(n, 30_000, {distinct: true})]);
  await Promise.all([subA.close(), subB.close()]);

  const expected = new Map(ids.map((id, i) => [id, `fan-${i}`]));
  for (const [name, c] of [['sub-a', ca], ['sub-b', cb]]) {
    assert.deepEqual([...c.byId.keys()].sort(), [...ids].sort(), `subscription ${name} got a different set of messages`);
    for (const m of c.messages) assert.equal(m.data.toString(), expected.get(m.id));
    assert.deepEqual(c.failedAckBatches().map(d => d.message), [], `acks refused on ${name}`);
  }
});
