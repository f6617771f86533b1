// The official client in REST mode (`new PubSub({fallback: true})`, google-gax's HTTP/JSON transport, as in
// browsers and where gRPC is blocked) against Tidings, through a recording proxy: the client is the judge of what
// it decodes, and the proxy shows the wire. gax sends `$alt=json%3Benum-encoding=int` on every call, so enums come
// back as numbers; Google's JSON leaves out fields holding default values; an empty answer is `{}`, never an empty
// body (gax throws on one); a body over 10 MiB gets Google's INVALID_ARGUMENT.

import assert from 'node:assert/strict';
import {createHash, randomBytes} from 'node:crypto';
import {after, test} from 'node:test';
import {v1} from '@google-cloud/pubsub';
import {PassThroughClient} from 'google-auth-library';
import {uniqueProject, useServer} from '../lib/helpers.js';
import {startRecordingProxy} from '../lib/recording-proxy.js';

const env = useServer();
let proxy;

after(async () => {
  await proxy?.close();
});

/** A PubSub client on the REST transport, over plain HTTP, sending no credentials, through the proxy. */
async function restPubSub(project = uniqueProject()) {
  // Started on first use: the server is only known once useServer's hook has run.
  proxy ??= await startRecordingProxy(env.server.port);
  return env.pubsub(project, {
    apiEndpoint: proxy.host,
    fallback: true,
    protocol: 'http',
    authClient: new PassThroughClient(),
  });
}

async function restSubscriberClient(pubsub) {
  const client = new v1.SubscriberClient(await pubsub.getClientConfig());
  env.closers.add(() => client.close());
  return client;
}

/** The exchanges of one project, parsed: {method, path, query, status, json}. */
function wire(project) {
  return proxy.exchanges
    .filter(e => e.url.includes(`/projects/${project}/`) || e.url.includes(`/projects/${project}?`))
    .map(e => {
      const [path, query = ''] = e.url.split('?');
      return {...e, path, query, json: e.body === null || e.body === '' ? undefined : JSON.parse(e.body)};
    });
}

/**
 * google-gax (5.x with google-auth-library 10) hands a REST error on as google-auth-library's fetch raised it, a
 * GaxiosError with the HTTP status and the body as its message, not as a GoogleError with a gRPC code: whatever
 * the server, helpers that test for code 5 (`exists()`) throw instead in REST mode.
 */
async function expectRestError(action, httpStatus, status, message) {
  let error;
  try {
    await action;
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected HTTP ${httpStatus} ${status}, but the call succeeded`);
  assert.equal(error.status ?? error.code, httpStatus, `${error.message}`);
  const body = JSON.parse(error.message);
  assert.equal(body.error.code, httpStatus);
  assert.equal(body.error.status, status);
  if (message !== undefined) assert.equal(body.error.message, message);
}

test('REST fallback: topics and subscriptions created, read, updated, listed and deleted', async () => {
  const project = uniqueProject();
  const pubsub = await restPubSub(project);

  const [topic] = await pubsub.createTopic({
    name: 'orders',
    labels: {team: 'billing'},
    messageRetentionDuration: {seconds: 900, nanos: 500_000_000},
  });
  const [topicMeta] = await topic.getMetadata();
  assert.equal(topicMeta.name, `projects/${project}/topics/orders`);
  assert.deepEqual(topicMeta.labels, {team: 'billing'});
  assert.deepEqual(topicMeta.messageRetentionDuration, {seconds: '900', nanos: 500_000_000});
  assert.equal(topicMeta.state, 'ACTIVE');
  assert.equal(topicMeta.kmsKeyName, '');
  assert.equal(topicMeta.satisfiesPzs, false);

  const [subscription] = await topic.createSubscription('billing', {
    ackDeadlineSeconds: 30,
    retainAckedMessages: true,
    expirationPolicy: {ttl: {seconds: 10 * 86_400}},
    labels: {tier: 'gold'},
  });
  const [subMeta] = await subscription.getMetadata();
  assert.equal(subMeta.topic, `projects/${project}/topics/orders`);
  assert.equal(subMeta.ackDeadlineSeconds, 30);
  assert.equal(subMeta.retainAckedMessages, true);
  assert.deepEqual(subMeta.messageRetentionDuration, {seconds: '604800', nanos: 0});
  assert.deepEqual(subMeta.expirationPolicy, {ttl: {seconds: '864000', nanos: 0}});
  assert.deepEqual(subMeta.labels, {tier: 'gold'});
  assert.deepEqual(subMeta.topicMessageRetentionDuration, {seconds: '900', nanos: 500_000_000});
  assert.equal(subMeta.state, 'ACTIVE');
  assert.equal(subMeta.detached, false);
  assert.equal(subMeta.pushConfig.pushEndpoint, '');

  const [updated] = await subscription.setMetadata({ackDeadlineSeconds: 60, labels: {tier: 'silver'}});
  assert.equal(updated.ackDeadlineSeconds, 60);
  assert.deepEqual(updated.labels, {tier: 'silver'});

  const [topics] = await pubsub.getTopics();
  assert.deepEqual(topics.map(t => t.name), [`projects/${project}/topics/orders`]);
  const [subscriptions] = await pubsub.getSubscriptions();
  assert.deepEqual(subscriptions.map(s => s.name), [`projects/${project}/subscriptions/billing`]);
  const [ofTopic] = await topic.getSubscriptions();
  assert.deepEqual(ofTopic.map(s => s.name), [`projects/${project}/subscriptions/billing`]);

  await subscription.delete();
  await topic.delete();
  // Not topic.exists(): it looks for gRPC code 5, and gax hands REST errors on with the HTTP status (see below).
  const [none] = await pubsub.getTopics();
  assert.deepEqual(none, []);
  await expectRestError(topic.getMetadata(), 404, 'NOT_FOUND', 'Resource not found (resource=orders).');
});

test('REST fallback: errors come back in Google\'s shape with HTTP status', async () => {
  const pubsub = await restPubSub();
  await pubsub.createTopic('taken');
  await expectRestError(
    pubsub.createTopic('taken'),
    409,
    'ALREADY_EXISTS',
    'Resource already exists in the project (resource=taken).',
  );
  await expectRestError(pubsub.topic('absent').getMetadata(), 404, 'NOT_FOUND', 'Resource not found (resource=absent).');
});

test('REST fallback: publish, pull, modifyAckDeadline and acknowledge', async () => {
  const project = uniqueProject();
  const pubsub = await restPubSub(project);
  const [topic] = await pubsub.createTopic('orders');
  await topic.createSubscription('billing');
  const subscriber = await restSubscriberClient(pubsub);
  const subscription = `projects/${project}/subscriptions/billing`;

  const before = Date.now();
  const id = await topic.publishMessage({data: Buffer.from('over rest'), attributes: {k: 'v'}});

  const [pulled] = await subscriber.pull({subscription, maxMessages: 10});
  assert.equal(pulled.receivedMessages.length, 1);
  const [received] = pulled.receivedMessages;
  assert.equal(received.message.messageId, id);
  assert.equal(Buffer.from(received.message.data).toString(), 'over rest');
  assert.deepEqual(received.message.attributes, {k: 'v'});
  assert.equal(received.message.orderingKey, '');
  assert.equal(received.deliveryAttempt, 0);
  const publishedAt = Number(received.message.publishTime.seconds) * 1000 + received.message.publishTime.nanos / 1e6;
  assert.ok(publishedAt >= before - 1000 && publishedAt <= Date.now() + 1000, `publishTime ${JSON.stringify(received.message.publishTime)}`);

  const [modified] = await subscriber.modifyAckDeadline({subscription, ackIds: [received.ackId], ackDeadlineSeconds: 60});
  assert.deepEqual(modified, {});
  const [acked] = await subscriber.acknowledge({subscription, ackIds: [received.ackId]});
  assert.deepEqual(acked, {});
  const [empty] = await subscriber.pull({subscription, maxMessages: 10, returnImmediately: true});
  assert.deepEqual(empty.receivedMessages, []);
});

test('REST fallback on the wire: enums as numbers, default values left out, empty answers as {}', async () => {
  const project = uniqueProject();
  const pubsub = await restPubSub(project);
  const [topic] = await pubsub.createTopic('plain');
  const [subscription] = await topic.createSubscription('plain-sub');
  await topic.publishMessage({data: Buffer.from('x')});
  const subscriber = await restSubscriberClient(pubsub);
  const [pulled] = await subscriber.pull({subscription: subscription.name, maxMessages: 1});
  await subscriber.acknowledge({subscription: subscription.name, ackIds: [pulled.receivedMessages[0].ackId]});
  await subscription.delete();

  const exchanges = wire(project);
  assert.ok(exchanges.length >= 6, `recorded ${exchanges.length} exchanges`);
  for (const e of exchanges) {
    assert.match(e.query, /(^|&)\$alt=json%3Benum-encoding=int(&|$)/, `${e.method} ${e.url}`);
    assert.equal(e.status, 200, `${e.method} ${e.url}: ${e.body}`);
    assert.ok(e.body.length > 0, `${e.method} ${e.url}: empty body`);
  }

  const createdTopic = exchanges.find(e => e.method === 'PUT' && e.path.endsWith('/topics/plain'));
  assert.deepEqual(createdTopic.json, {name: `projects/${project}/topics/plain`, state: 1});

  const createdSub = exchanges.find(e => e.method === 'PUT' && e.path.endsWith('/subscriptions/plain-sub'));
  assert.deepEqual(createdSub.json, {
    name: `projects/${project}/subscriptions/plain-sub`,
    topic: `projects/${project}/topics/plain`,
    pushConfig: {},
    ackDeadlineSeconds: 10,
    messageRetentionDuration: '604800s',
    expirationPolicy: {ttl: '2678400s'},
    state: 1,
  });

  const pull = exchanges.find(e => e.path.endsWith(':pull'));
  const [message] = pull.json.receivedMessages;
  assert.deepEqual(Object.keys(message), ['ackId', 'message']);
  assert.deepEqual(Object.keys(message.message).sort(), ['data', 'messageId', 'publishTime']);
  assert.match(message.message.publishTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6}|\.\d{9})?Z$/);

  for (const e of exchanges.filter(x => x.path.endsWith(':acknowledge') || x.method === 'DELETE')) {
    assert.equal(e.body, '{}', `${e.method} ${e.url}`);
  }
});

test('REST fallback: a body over 10 MiB gets Google\'s INVALID_ARGUMENT; one under it goes through intact', async () => {
  const project = uniqueProject();
  const pubsub = await restPubSub(project);
  await pubsub.createTopic('big');
  await pubsub.topic('big').createSubscription('big-sub');
  // Sent alone whatever its size; JSON carries the data as base64, 4/3 of its size.
  const big = pubsub.topic('big', {batching: {maxBytes: 20 * 1000 * 1000, maxMessages: 1}});

  await expectRestError(
    big.publishMessage({data: Buffer.alloc(8 * 1024 * 1024, 0x61)}),
    400,
    'INVALID_ARGUMENT',
    'Request payload size exceeds the limit: 10485760 bytes.',
  );
  const refused = wire(project).find(e => e.path.endsWith(':publish'));
  assert.ok(refused.contentLength > 10_485_760, `the refused body was ${refused.contentLength} bytes`);

  const data = randomBytes(7 * 1024 * 1024);
  const id = await big.publishMessage({data});
  const accepted = wire(project).filter(e => e.path.endsWith(':publish')).at(-1);
  assert.ok(accepted.contentLength > 9_000_000 && accepted.contentLength <= 10_485_760, `${accepted.contentLength} bytes`);

  const subscriber = await restSubscriberClient(pubsub);
  const [pulled] = await subscriber.pull({subscription: `projects/${project}/subscriptions/big-sub`, maxMessages: 1});
  const [received] = pulled.receivedMessages;
  assert.equal(received.message.messageId, id);
  const sha = buf => createHash('sha256').update(buf).digest('hex');
  assert.equal(sha(Buffer.from(received.message.data)), sha(data));
});
