// Message ordering with the official client: an ordered publisher, a subscriber with the default options (five
// StreamingPull streams, which the Node client does not serialise per key: it emits messages in the order they
// arrive, so a key split across streams would show up out of order), nacks that must come back before the later
// messages of their key, and a key that keeps flowing meanwhile. Modelled on the client's own ordered-delivery
// acceptance test (nodejs-pubsub system-test "ordered messages": every key's messages arrive in publish order),
// with nacks added. Plus the rules around it: enable_message_ordering cannot be changed, a publish request carries
// one ordering key, a unary Pull holds one message of a key at a time.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Code, collect, expectGrpcError, uniqueProject, useServer, waitFor, waitForSubscriberChannel} from '../lib/helpers.js';

const env = useServer();

/**
 * What the subscriber may see of one key, as Google documents ordered redelivery: each delivery is the message
 * after the previous one, or a message that was nacked, from which the key starts over (the later ones come again
 * after it, acked or not).
 */
class KeyCheck {
  constructor(key, count) {
    this.key = key;
    this.count = count;
    this.next = 0;
    this.nacked = new Set();
    this.deliveries = [];
    this.violations = [];
  }

  receive(index) {
    this.deliveries.push(index);
    if (index === this.next || (index < this.next && this.nacked.has(index))) {
      this.nacked.delete(index);
      this.next = index + 1;
    } else {
      this.violations.push(`${this.key}: got ${index} after ${this.deliveries.slice(-6, -1).join(',')} (nacked: ${[...this.nacked].join(',') || 'none'})`);
    }
  }

  get done() {
    return this.next === this.count && this.nacked.size === 0;
  }
}

test('ordered delivery: 12 keys published interleaved, 5 streams, nacked messages come again in key order, and a key keeps flowing while another is stuck', async () => {
  const project = uniqueProject('ord');
  const pubsub = env.pubsub(project);
  const [topic] = await pubsub.createTopic('events');
  topic.setPublishOptions({messageOrdering: true});
  const [subscription] = await topic.createSubscription('ordered', {enableMessageOrdering: true});
  const [metadata] = await subscription.getMetadata();
  assert.equal(metadata.enableMessageOrdering, true);

  const perKey = 25;
  const keys = Array.from({length: 10}, (_, k) => `key-${k}`);
  const checks = new Map([...keys, 'flowing', 'stuck'].map(key => [key, new KeyCheck(key, perKey)]));
  checks.get('stuck').count = 3;
  const flowing = checks.get('flowing');
  const stuck = checks.get('stuck');
  let stuckNacks = 0;
  let unkeyed = 0;

  const received = collect(subscription, {
    handler: message => {
      if (!message.orderingKey) {
        unkeyed += 1;
        message.ack();
        return;
      }
      const check = checks.get(message.orderingKey);
      const index = Number(message.data.toString().split('/')[1]);
      check.receive(index);
      // The stuck key's first message is refused until the flowing key is all through: were keys to hold each
      // other up, the flowing key would never finish and the test would time out.
      if (check === stuck && index === 0 && !flowing.done) {
        stuckNacks += 1;
        check.nacked.add(index);
        message.nack();
        return;
      }
      // Every key nacks its messages 3, 10 and 17 once each (the later ones may already be on their way).
      if (check !== stuck && check !== flowing && index % 7 === 3 && check.deliveries.filter(i => i === index).length === 1) {
        check.nacked.add(index);
        message.nack();
        return;
      }
      message.ack();
    },
  });
  await waitForSubscriberChannel(pubsub);

  // The stuck key first, until its first message has been refused once; then the rest.
  await Promise.all([0, 1, 2].map(i => topic.publishMessage({data: Buffer.from(`stuck/${i}`), orderingKey: 'stuck'})));
  await waitFor(() => stuckNacks > 0, 15_000, {describe: () => received.summary()});

  // Interleaved: round r publishes message r of every key, in a shuffled key order, without waiting in between.
  const publishes = [];
  for (let round = 0; round < perKey; round++) {
    const order = [...checks.keys()].filter(key => key !== 'stuck').sort(() => Math.random() - 0.5);
    for (const key of order) {
      if (round < checks.get(key).count) {
        publishes.push(topic.publishMessage({data: Buffer.from(`${key}/${round}`), orderingKey: key}));
      }
    }
    if (round % 5 === 0) {
      publishes.push(topic.publishMessage({data: Buffer.from(`unordered/${round}`)}));
    }
  }
  await Promise.all(publishes);

  const all = [...checks.values()];
  const describe = () =>
    `${received.summary()}; keys not done: ${all.filter(c => !c.done).map(c => `${c.key} next ${c.next}/${c.count} nacked [${[...c.nacked]}]`).join('; ')}`;
  await waitFor(
    () => {
      received.throwIfFailed();
      const violations = all.flatMap(c => c.violations);
      assert.deepEqual(violations, [], 'every delivery keeps its key in order');
      return all.every(c => c.done) && unkeyed >= 5;
    },
    60_000,
    {describe},
  );
  await subscription.close();

  assert.deepEqual(stuck.deliveries.slice(-3), [0, 1, 2], 'the stuck key went through once the flowing one had');
  for (const check of all.filter(c => c !== stuck && c !== flowing)) {
    // Each of 3, 10 and 17 came at least twice: once nacked, then again after it.
    for (const index of [3, 10, 17]) {
      assert.ok(check.deliveries.filter(i => i === index).length >= 2, `${check.key}: ${check.deliveries}`);
    }
  }
  assert.deepEqual(flowing.deliveries, Array.from({length: perKey}, (_, i) => i), 'the flowing key came once each, in order');
  assert.deepEqual(received.failedAckBatches().map(d => d.message), []);
});

test('enable_message_ordering cannot be changed: UpdateSubscription naming it is refused, even with the same value', async () => {
  const project = uniqueProject('ord');
  const pubsub = env.pubsub(project);
  const [topic] = await pubsub.createTopic('events');
  const [subscription] = await topic.createSubscription('ordered', {enableMessageOrdering: true});
  const text = "Invalid update_mask provided in the UpdateSubscriptionRequest: the 'enable_message_ordering' field in the Subscription is not mutable.";

  await expectGrpcError(subscription.setMetadata({enableMessageOrdering: false}), Code.INVALID_ARGUMENT, text);
  const subscriber = await env.subscriberClient(pubsub);
  await expectGrpcError(
    subscriber.updateSubscription({
      subscription: {name: subscription.name, enableMessageOrdering: true},
      updateMask: {paths: ['enable_message_ordering']},
    }),
    Code.INVALID_ARGUMENT,
    text,
  );
  const [metadata] = await subscription.getMetadata();
  assert.equal(metadata.enableMessageOrdering, true);
});

test('publishing: one ordering key per request (FAILED_PRECONDITION otherwise), keys up to 1 KB', async () => {
  const project = uniqueProject('ord');
  const pubsub = env.pubsub(project);
  const [topic] = await pubsub.createTopic('events');
  const publisher = await env.publisherClient(pubsub);
  const message = (orderingKey, data = 'x') => ({data: Buffer.from(data), orderingKey});

  await expectGrpcError(
    publisher.publish({topic: topic.name, messages: [message('a'), message('b')]}),
    Code.FAILED_PRECONDITION,
    'In a single publish request, all messages must have no ordering key or they must all have the same ordering key.',
  );
  await expectGrpcError(
    publisher.publish({topic: topic.name, messages: [message('a'), message('')]}),
    Code.FAILED_PRECONDITION,
  );
  await expectGrpcError(
    publisher.publish({topic: topic.name, messages: [message('k'.repeat(1025))]}),
    Code.INVALID_ARGUMENT,
    'The ordering key is too long. The length is 1025 bytes, but the maximum allowed is 1024.',
  );
  const [ok] = await publisher.publish({topic: topic.name, messages: [message('k'.repeat(1024)), message('k'.repeat(1024), 'y')]});
  assert.equal(ok.messageIds.length, 2);
});

test('unary Pull on an ordered subscription holds one message of a key at a time; the next comes once it is acked', async () => {
  const project = uniqueProject('ord');
  const pubsub = env.pubsub(project);
  const [topic] = await pubsub.createTopic('events');
  topic.setPublishOptions({messageOrdering: true});
  const [subscription] = await topic.createSubscription('ordered', {enableMessageOrdering: true, ackDeadline: 60});
  for (const data of ['a/0', 'b/0', 'a/1', 'b/1', 'a/2']) {
    await topic.publishMessage({data: Buffer.from(data), orderingKey: data.split('/')[0]});
  }
  const subscriber = await env.subscriberClient(pubsub);
  const pull = async () => {
    const [response] = await subscriber.pull({subscription: subscription.name, maxMessages: 10, returnImmediately: true});
    return response.receivedMessages;
  };

  const first = await pull();
  assert.deepEqual(first.map(m => m.message.data.toString()).sort(), ['a/0', 'b/0']);
  assert.deepEqual(await pull(), []);

  await subscriber.acknowledge({subscription: subscription.name, ackIds: first.filter(m => m.message.orderingKey === 'a').map(m => m.ackId)});
  const second = await waitFor(async () => {
    const messages = await pull();
    return messages.length ? messages : undefined;
  });
  assert.deepEqual(second.map(m => m.message.data.toString()), ['a/1']);
});
