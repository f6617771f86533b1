// Dead-letter and retry policies through the official client (reference §1.6): policies set and read back,
// Google's refusals, deliveryAttempt as the subscriber sees it, a message nacked to its last attempt arriving on the
// dead-letter subscription with Google's source attributes (also across a server restart), retry backoff gaps on
// the wall clock, deliveryAttempt in pushed bodies, and gcloud's flags for both policies.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {PubSub, v1} from '@google-cloud/pubsub';
import {useGcloud} from '../lib/gcloud.js';
import {Code, collect, expectGrpcError, uniqueId, uniqueProject, useServer, waitFor} from '../lib/helpers.js';
import {startReceiver} from '../lib/receiver.js';
import {startServer} from '../lib/server.js';

const env = useServer();
const gcloud = useGcloud(env);
const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

const SOURCE_ATTRIBUTES = [
  'CloudPubSubDeadLetterSourceDeliveryCount',
  'CloudPubSubDeadLetterSourceSubscription',
  'CloudPubSubDeadLetterSourceSubscriptionProject',
  'CloudPubSubDeadLetterSourceTopicPublishTime',
];

const seconds = duration => Number(duration.seconds) + (duration.nanos ?? 0) / 1e9;

/** A topic for the work, a dead-letter topic and a subscription on it that records (and acks) what arrives. */
async function deadLetterSetup(pubsub) {
  const [topic] = await pubsub.createTopic(uniqueId('work'));
  const [deadTopic] = await pubsub.createTopic(uniqueId('dead'));
  const [deadSubscription] = await deadTopic.createSubscription(uniqueId('dead-sub'));
  return {topic, deadTopic, deadSubscription};
}

test('policies: created, read back with Google\'s defaults, updated and cleared through setMetadata', async () => {
  const pubsub = env.pubsub();
  const {topic, deadTopic} = await deadLetterSetup(pubsub);

  const [subscription] = await topic.createSubscription(uniqueId('sub'), {
    deadLetterPolicy: {deadLetterTopic: deadTopic.name},
    retryPolicy: {minimumBackoff: {seconds: 2, nanos: 500_000_000}},
  });
  const [created] = await subscription.getMetadata();
  assert.equal(created.deadLetterPolicy.deadLetterTopic, deadTopic.name);
  assert.equal(created.deadLetterPolicy.maxDeliveryAttempts, 5, '0 means Google\'s default of 5');
  assert.equal(seconds(created.retryPolicy.minimumBackoff), 2.5);
  assert.equal(seconds(created.retryPolicy.maximumBackoff), 600, 'the default maximum');

  await subscription.setMetadata({
    deadLetterPolicy: {deadLetterTopic: deadTopic.name, maxDeliveryAttempts: 17},
    retryPolicy: {minimumBackoff: {seconds: 1}, maximumBackoff: {seconds: 30}},
  });
  const [updated] = await subscription.getMetadata();
  assert.equal(updated.deadLetterPolicy.maxDeliveryAttempts, 17);
  assert.equal(seconds(updated.retryPolicy.maximumBackoff), 30);

  await subscription.setMetadata({deadLetterPolicy: null, retryPolicy: null});
  const [cleared] = await subscription.getMetadata();
  assert.equal(cleared.deadLetterPolicy, null);
  assert.equal(cleared.retryPolicy, null);
});

test('policies: Google\'s refusals for attempts out of range, a missing topic and backoffs the wrong way round', async () => {
  const pubsub = env.pubsub();
  const {topic, deadTopic} = await deadLetterSetup(pubsub);

  await expectGrpcError(topic.createSubscription(uniqueId('sub'), {deadLetterPolicy: {deadLetterTopic: deadTopic.name, maxDeliveryAttempts: 4}}),
    Code.OUT_OF_RANGE, 'The value for max_delivery_attempts is too small. You passed 4 in the request, but the minimum value is 5.');
  await expectGrpcError(topic.createSubscription(uniqueId('sub'), {deadLetterPolicy: {deadLetterTopic: deadTopic.name, maxDeliveryAttempts: 101}}),
    Code.OUT_OF_RANGE, 'The value for max_delivery_attempts is too large. You passed 101 in the request, but the maximum value is 100.');
  const missing = pubsub.topic(uniqueId('nowhere'));
  await expectGrpcError(topic.createSubscription(uniqueId('sub'), {deadLetterPolicy: {deadLetterTopic: missing.name}}),
    Code.NOT_FOUND, `Resource not found (resource=${missing.name.split('/').pop()}).`);
  await expectGrpcError(topic.createSubscription(uniqueId('sub'), {retryPolicy: {minimumBackoff: {seconds: 20}, maximumBackoff: {seconds: 10}}}),
    Code.INVALID_ARGUMENT, 'The value for maximum_backoff is too small. You passed 10s in the request, but the minimum value is 20s.');
});

test('a message nacked five times: the subscriber sees attempts 1 to 5, then it arrives on the dead-letter topic', async () => {
  const pubsub = env.pubsub();
  const {topic, deadTopic, deadSubscription} = await deadLetterSetup(pubsub);
  const [subscription] = await topic.createSubscription(uniqueId('sub'), {deadLetterPolicy: {deadLetterTopic: deadTopic.name, maxDeliveryAttempts: 5}});
  const dead = collect(env.track(deadSubscription));
  const attempts = [];
  const nacking = collect(env.track(subscription), {
    handler: message => {
      attempts.push(message.deliveryAttempt);
      message.nack();
    },
  });

  const publishedAt = new Date();
  const id = await topic.publishMessage({data: Buffer.from('poison'), attributes: {kind: 'order'}, orderingKey: ''});

  await dead.waitForCount(1, 20_000);
  const forwarded = dead.messages[0];
  assert.deepEqual(attempts, [1, 2, 3, 4, 5], nacking.summary());
  assert.equal(forwarded.data.toString(), 'poison');
  assert.notEqual(forwarded.id, id, 'the dead-letter topic gives the copy an id of its own');
  assert.equal(forwarded.attributes.kind, 'order');
  assert.equal(forwarded.attributes.CloudPubSubDeadLetterSourceDeliveryCount, '5');
  assert.equal(forwarded.attributes.CloudPubSubDeadLetterSourceSubscription, subscription.name.split('/').pop());
  assert.equal(forwarded.attributes.CloudPubSubDeadLetterSourceSubscriptionProject, subscription.name.split('/')[1]);
  const sourceTime = forwarded.attributes.CloudPubSubDeadLetterSourceTopicPublishTime;
  assert.match(sourceTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  assert.ok(Math.abs(new Date(sourceTime) - publishedAt) < 5_000, `${sourceTime} is the original publish time`);
  assert.equal(forwarded.deliveryAttempt, 0, 'the dead-letter subscription has no policy of its own');

  // The original was acked: nothing more comes on the source subscription.
  const deliveries = attempts.length;
  await new Promise(resolve => setTimeout(resolve, 1500));
  assert.equal(attempts.length, deliveries);
});

test('attempts survive a server restart: two nacks before it, three after, then the dead letter', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tidings-dead-letter-'));
  cleanups.push(async () => rmSync(dataDir, {recursive: true, force: true}));
  const projectId = uniqueProject('dlq-restart');
  const open = async () => {
    const server = await startServer({dataDir});
    const pubsub = new PubSub({projectId, apiEndpoint: server.host, emulatorMode: true});
    const client = new v1.SubscriberClient(await pubsub.getClientConfig());
    cleanups.push(() => server.stop(), () => pubsub.close(), () => client.close());
    return {server, pubsub, client};
  };
  const pullAndNack = async (client, subscription) => {
    const [response] = await client.pull({subscription, maxMessages: 1});
    assert.equal(response.receivedMessages.length, 1);
    const [received] = response.receivedMessages;
    await client.modifyAckDeadline({subscription, ackIds: [received.ackId], ackDeadlineSeconds: 0});
    return received.deliveryAttempt;
  };

  let {server, pubsub, client} = await open();
  const {topic, deadTopic, deadSubscription} = await deadLetterSetup(pubsub);
  const [subscription] = await topic.createSubscription(uniqueId('sub'), {deadLetterPolicy: {deadLetterTopic: deadTopic.name, maxDeliveryAttempts: 5}});
  await topic.publishMessage({data: Buffer.from('poison')});
  const attempts = [await pullAndNack(client, subscription.name), await pullAndNack(client, subscription.name)];
  await client.close();
  await pubsub.close();
  await server.stop();

  ({server, pubsub, client} = await open());
  for (let i = 0; i < 3; i++) attempts.push(await pullAndNack(client, subscription.name));
  const dead = collect(env.track(pubsub.subscription(deadSubscription.name)));
  await dead.waitForCount(1, 20_000);
  assert.deepEqual(attempts, [1, 2, 3, 4, 5]);
  assert.equal(dead.messages[0].data.toString(), 'poison');
  assert.equal(dead.messages[0].attributes.CloudPubSubDeadLetterSourceDeliveryCount, '5');
});

test('retry policy: the gaps between redeliveries of a nacked message double from the minimum to the maximum', async () => {
  const pubsub = env.pubsub();
  const [topic] = await pubsub.createTopic(uniqueId('work'));
  const [subscription] = await topic.createSubscription(uniqueId('sub'), {
    retryPolicy: {minimumBackoff: {seconds: 1}, maximumBackoff: {seconds: 4}},
  });
  const arrivals = [];
  const nacking = collect(env.track(subscription), {
    handler: message => {
      arrivals.push(Date.now());
      if (arrivals.length < 6) message.nack();
      else message.ack();
    },
  });

  await topic.publishMessage({data: Buffer.from('backing off')});

  await waitFor(() => arrivals.length >= 6, 30_000, {describe: nacking.summary});
  const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]);
  const expected = [1000, 2000, 4000, 4000, 4000];
  gaps.forEach((gap, i) => {
    // Never early; late by at most the client's nack batching and the stream's latency.
    assert.ok(gap >= expected[i] - 50 && gap <= expected[i] + 1000, `gap ${i + 1} was ${gap} ms, expected about ${expected[i]} ms (${gaps})`);
  });
});

test('retry policy: a backing-off message holds back no other message', async () => {
  const pubsub = env.pubsub();
  const [topic] = await pubsub.createTopic(uniqueId('work'));
  const [subscription] = await topic.createSubscription(uniqueId('sub'), {
    retryPolicy: {minimumBackoff: {seconds: 30}, maximumBackoff: {seconds: 60}},
  });
  const received = collect(env.track(subscription), {
    handler: message => (message.data.toString() === 'slow' ? message.nack() : message.ack()),
  });
  await topic.publishMessage({data: Buffer.from('slow')});
  await received.waitForCount(1);

  const start = Date.now();
  await topic.publishMessage({data: Buffer.from('fast')});
  await waitFor(() => received.messages.some(m => m.data.toString() === 'fast'), 5_000, {describe: received.summary});
  assert.ok(Date.now() - start < 2_000, 'the other message came at once');
  assert.equal(received.messages.filter(m => m.data.toString() === 'slow').length, 1, 'the nacked one is still backing off');
});

test('push: the wrapped body carries deliveryAttempt with a dead-letter policy, counting failed pushes', async () => {
  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  receiver.failTimes(2, 503);
  const pubsub = env.pubsub();
  const {topic, deadTopic} = await deadLetterSetup(pubsub);
  await topic.createSubscription(uniqueId('push'), {
    pushConfig: {pushEndpoint: receiver.url},
    deadLetterPolicy: {deadLetterTopic: deadTopic.name, maxDeliveryAttempts: 5},
  });

  await topic.publishMessage({data: Buffer.from('pushed')});

  const third = await receiver.waitForRequest(3);
  const bodies = receiver.requests.slice(0, 3).map(request => request.json());
  assert.deepEqual(bodies.map(body => body.deliveryAttempt), [1, 2, 3]);
  assert.deepEqual(Object.keys(third.json()), ['message', 'subscription', 'deliveryAttempt']);
});

test('gcloud: --dead-letter-topic, --max-delivery-attempts and the retry delays, shown by describe', async () => {
  const p = uniqueProject('gdl');
  const subscriptions = (...args) => ['pubsub', 'subscriptions', ...args];
  await gcloud.ok(['pubsub', 'topics', 'create', 'orders', 'dead'], {project: p});

  await gcloud.ok(subscriptions('create', 'billing', '--topic=orders', '--dead-letter-topic=dead', '--max-delivery-attempts=7',
    '--min-retry-delay=5s', '--max-retry-delay=1m'), {project: p});
  const described = (await gcloud.ok(subscriptions('describe', 'billing', '--format=json'), {project: p})).json();
  assert.deepEqual(described.deadLetterPolicy, {deadLetterTopic: `projects/${p}/topics/dead`, maxDeliveryAttempts: 7});
  assert.deepEqual(described.retryPolicy, {minimumBackoff: '5s', maximumBackoff: '60s'});

  const updated = (await gcloud.ok(subscriptions('update', 'billing', '--max-delivery-attempts=9', '--dead-letter-topic=dead', '--format=json'), {project: p})).json();
  assert.equal(updated.deadLetterPolicy.maxDeliveryAttempts, 9);

  const refused = await gcloud.fails(subscriptions('create', 'wrong', '--topic=orders', '--dead-letter-topic=missing'), {project: p});
  assert.match(refused.stderr, /Resource not found \(resource=missing\)\./);
});
