// Exactly-once delivery with the official client: the stream tells the client the subscription is exactly-once,
// ackWithResponse() resolves SUCCESS once the ack is saved, a stale ack id is refused as Google refuses it (the
// client's AckError INVALID; over the raw unary call, INVALID_ARGUMENT with ErrorInfo), and a message whose ack was
// answered never comes back, not even after kill -9.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {PubSub, v1} from '@google-cloud/pubsub';
import {startServer} from '../lib/server.js';
import {Code, collect, expectGrpcError, publishMany, sleep, uniqueProject, useServer, waitFor} from '../lib/helpers.js';

const env = useServer();
const FAILURE_TEXT =
  'Some acknowledgement ids in the request were invalid. This could be because the acknowledgement ids have expired ' +
  'or the acknowledgement ids were malformed.';

async function exactlyOnceSubscription(pubsub, name) {
  const [topic] = await pubsub.createTopic(`${name}-topic`);
  const [subscription] = await topic.createSubscription(name, {enableExactlyOnceDelivery: true});
  const [metadata] = await subscription.getMetadata();
  assert.equal(metadata.enableExactlyOnceDelivery, true);
  return {topic, subscription};
}

test('the client learns exactly-once from the stream, and ackWithResponse() resolves SUCCESS', async () => {
  const pubsub = env.pubsub();
  const {topic, subscription} = await exactlyOnceSubscription(pubsub, 'eod-success');
  const receivedAt = new Map();
  const results = new Map();
  const ackLatencies = [];
  const received = collect(env.track(subscription), {
    handler: async message => {
      receivedAt.set(message.id, Date.now());
      results.set(message.id, await message.ackWithResponse());
      ackLatencies.push(Date.now() - receivedAt.get(message.id));
    },
  });

  const publishedAt = Date.now();
  const ids = await publishMany(topic, 20, 'eod');
  await waitFor(() => results.size === ids.length, 15_000, {describe: () => received.summary()});

  // The flag comes only from subscription_properties on the stream's responses.
  assert.equal(subscription._subscriber.isExactlyOnceDelivery, true);
  assert.deepEqual([...new Set(results.values())], ['SUCCESS']);
  // Each message reached the handler only after its receipt modack was saved and answered: that must be quick.
  const slowest = Math.max(...[...receivedAt.values()].map(at => at - publishedAt));
  assert.ok(slowest < 3_000, `the last message reached the handler ${slowest} ms after publishing began`);
  // An ack is answered once saved (the client batches for up to 100 ms first): well under a second here.
  assert.ok(Math.max(...ackLatencies) < 2_000, `ackWithResponse() took up to ${Math.max(...ackLatencies)} ms`);

  await sleep(1_500);
  assert.equal(received.count, ids.length, `acked messages came again: ${received.summary()}`);
});

test('a stale ack id: the client rejects with AckError INVALID; the raw unary ack carries Google\'s ErrorInfo', async () => {
  const pubsub = env.pubsub();
  const {topic, subscription} = await exactlyOnceSubscription(pubsub, 'eod-stale');
  const raw = await env.subscriberClient(pubsub);
  const deliveries = [];
  collect(env.track(subscription), {handler: message => deliveries.push(message)});

  await topic.publishMessage({data: Buffer.from('once')});
  await waitFor(() => deliveries.length === 1, 10_000);
  const [first] = deliveries;
  // Another party ends the first lease (a nack): the message is delivered again under a new ack id.
  await raw.modifyAckDeadline({subscription: subscription.name, ackIds: [first.ackId], ackDeadlineSeconds: 0});
  await waitFor(() => deliveries.length === 2, 10_000);
  const [, second] = deliveries;
  assert.equal(second.id, first.id);
  assert.notEqual(second.ackId, first.ackId);

  await assert.rejects(first.ackWithResponse(), error => {
    assert.equal(error.constructor.name, 'AckError');
    assert.equal(error.errorCode, 'INVALID');
    return true;
  });

  const error = await expectGrpcError(
    raw.acknowledge({subscription: subscription.name, ackIds: [first.ackId]}),
    Code.INVALID_ARGUMENT,
    FAILURE_TEXT,
  );
  assert.equal(error.reason, 'EXACTLY_ONCE_ACKID_FAILURE');
  assert.equal(error.domain, 'pubsub.googleapis.com');
  assert.deepEqual({...error.errorInfoMetadata}, {[first.ackId]: 'PERMANENT_FAILURE_INVALID_ACK_ID'});

  assert.equal(await second.ackWithResponse(), 'SUCCESS');
});

test('a whole batch of 2,500 refused ids comes back as an error the client can read, not a trailer it rejects', async () => {
  const pubsub = env.pubsub();
  const {subscription} = await exactlyOnceSubscription(pubsub, 'eod-many');
  const raw = await env.subscriberClient(pubsub);
  const ackIds = Array.from({length: 2500}, (_, i) => `1-${(i + 1).toString(16)}-66ddb6c74c002`);

  const error = await expectGrpcError(raw.acknowledge({subscription: subscription.name, ackIds}, {timeout: 10_000}), Code.INVALID_ARGUMENT, FAILURE_TEXT);

  const listed = Object.entries(error.errorInfoMetadata);
  assert.ok(listed.length >= 500, `only ${listed.length} ids listed`);
  assert.ok(listed.every(([id, code]) => ackIds.includes(id) && code === 'PERMANENT_FAILURE_INVALID_ACK_ID'));
});

test('exactly-once needs a pull subscription: a push endpoint is refused', async () => {
  const pubsub = env.pubsub();
  const [topic] = await pubsub.createTopic('eod-push-topic');
  await expectGrpcError(
    topic.createSubscription('eod-push', {enableExactlyOnceDelivery: true, pushConfig: {pushEndpoint: 'https://example.com/push'}}),
    Code.INVALID_ARGUMENT,
    'Exactly once delivery is not supported for push subscriptions.',
  );
  const [subscription] = await topic.createSubscription('eod-later');
  await subscription.setMetadata({enableExactlyOnceDelivery: true});
  const [metadata] = await subscription.getMetadata();
  assert.equal(metadata.enableExactlyOnceDelivery, true);
});

const dataDir = mkdtempSync(path.join(tmpdir(), 'tidings-eod-'));
const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  rmSync(dataDir, {recursive: true, force: true});
});

test('kill -9 right after ackWithResponse() resolved: after a restart the acked messages never come back', async () => {
  const projectId = uniqueProject('eod-crash');
  const server = await startServer({dataDir});
  cleanups.push(() => server.kill());
  const pubsub = new PubSub({projectId, apiEndpoint: server.host, emulatorMode: true});
  cleanups.push(() => pubsub.close());
  const {topic, subscription} = await exactlyOnceSubscription(pubsub, 'eod-crash');
  const acked = new Set();
  let ackIdBefore;
  subscription.on('message', async message => {
    ackIdBefore = message.ackId;
    if ((await message.ackWithResponse()) === 'SUCCESS') acked.add(message.id);
  });
  subscription.on('error', () => {});

  const ids = await publishMany(topic, 50, 'before');
  await waitFor(() => acked.size === ids.length, 15_000, {describe: () => `${acked.size} of ${ids.length} acks answered`});
  await server.kill(); // no graceful stop: only what was saved before the answers survives
  await Promise.race([subscription.close(), sleep(2_000)]); // its streams would retry the dead server for ever
  await Promise.race([pubsub.close(), sleep(2_000)]);

  const restarted = await startServer({dataDir});
  cleanups.push(() => restarted.stop());
  const again = new PubSub({projectId, apiEndpoint: restarted.host, emulatorMode: true});
  cleanups.push(() => again.close());
  const afterRestart = again.subscription('eod-crash');
  const redelivered = collect(afterRestart);
  cleanups.push(() => afterRestart.close());
  const [later] = await publishMany(again.topic('eod-crash-topic'), 1, 'after');
  await waitFor(() => redelivered.byId.has(later), 15_000, {describe: () => redelivered.summary()});
  await sleep(1_500);
  assert.deepEqual([...redelivered.byId.keys()], [later], 'messages whose ack was answered were delivered again');

  // An ack id from before the crash is refused, with the metadata the client reads.
  const raw = new v1.SubscriberClient(await again.getClientConfig());
  cleanups.push(() => raw.close());
  const error = await expectGrpcError(
    raw.acknowledge({subscription: `projects/${projectId}/subscriptions/eod-crash`, ackIds: [ackIdBefore]}),
    Code.INVALID_ARGUMENT,
    FAILURE_TEXT,
  );
  assert.deepEqual({...error.errorInfoMetadata}, {[ackIdBefore]: 'PERMANENT_FAILURE_INVALID_ACK_ID'});
});
