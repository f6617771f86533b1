// REST (HTTP/JSON) smoke test with plain fetch against the same port as gRPC, as curl and gcloud
// users would call it, plus a check that REST and gRPC see the same state.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {uniqueProject, useServer, waitFor} from '../lib/helpers.js';

const env = useServer();

async function call(method, path, body) {
  const res = await fetch(`${env.server.baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : {'content-type': 'application/json'},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return {status: res.status, contentType: res.headers.get('content-type') ?? '', text, json};
}

function expectJson(r, status, what) {
  assert.equal(r.status, status, `${what}: HTTP ${r.status} ${r.text.slice(0, 500)}`);
  assert.match(r.contentType, /^application\/json/, `${what}: content-type ${r.contentType}`);
  assert.ok(r.json !== undefined, `${what}: body is not JSON: ${r.text.slice(0, 500)}`);
  return r.json;
}

test('REST: create topic and subscription, publish, pull, acknowledge', async () => {
  const p = uniqueProject();

  const topic = expectJson(await call('PUT', `/v1/projects/${p}/topics/my-topic`, {}), 200, 'create topic');
  assert.equal(topic.name, `projects/${p}/topics/my-topic`);

  const got = expectJson(await call('GET', `/v1/projects/${p}/topics/my-topic`), 200, 'get topic');
  assert.equal(got.name, `projects/${p}/topics/my-topic`);

  const sub = expectJson(
    await call('PUT', `/v1/projects/${p}/subscriptions/my-sub`, {topic: `projects/${p}/topics/my-topic`}),
    200,
    'create subscription',
  );
  assert.equal(sub.name, `projects/${p}/subscriptions/my-sub`);
  assert.equal(sub.topic, `projects/${p}/topics/my-topic`);
  assert.equal(sub.ackDeadlineSeconds, 10);
  assert.equal(sub.messageRetentionDuration, '604800s');

  const list = expectJson(await call('GET', `/v1/projects/${p}/topics`), 200, 'list topics');
  assert.deepEqual(list.topics.map(t => t.name), [`projects/${p}/topics/my-topic`]);

  const pub = expectJson(
    await call('POST', `/v1/projects/${p}/topics/my-topic:publish`, {
      messages: [{data: Buffer.from('hello over rest').toString('base64'), attributes: {k: 'v'}}],
    }),
    200,
    'publish',
  );
  assert.ok(Array.isArray(pub.messageIds) && pub.messageIds.length === 1, `messageIds: ${JSON.stringify(pub)}`);
  assert.equal(typeof pub.messageIds[0], 'string');

  const received = await waitFor(
    async () => {
      const r = expectJson(await call('POST', `/v1/projects/${p}/subscriptions/my-sub:pull`, {maxMessages: 10}), 200, 'pull');
      return r.receivedMessages?.length ? r.receivedMessages : null;
    },
    10_000,
  );
  assert.equal(received.length, 1);
  const [rm] = received;
  assert.equal(typeof rm.ackId, 'string');
  assert.equal(rm.message.messageId, pub.messageIds[0]);
  assert.equal(Buffer.from(rm.message.data, 'base64').toString(), 'hello over rest');
  assert.deepEqual(rm.message.attributes, {k: 'v'});
  assert.ok(!Number.isNaN(Date.parse(rm.message.publishTime)), `publishTime ${rm.message.publishTime}`);
  assert.match(rm.message.publishTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.equal(rm.deliveryAttempt ?? 0, 0);

  const ack = expectJson(
    await call('POST', `/v1/projects/${p}/subscriptions/my-sub:acknowledge`, {ackIds: [rm.ackId]}),
    200,
    'acknowledge',
  );
  assert.deepEqual(ack, {});

  const del = expectJson(await call('DELETE', `/v1/projects/${p}/topics/my-topic`), 200, 'delete topic');
  assert.deepEqual(del, {});
  const subAfter = expectJson(await call('GET', `/v1/projects/${p}/subscriptions/my-sub`), 200, 'get subscription');
  assert.equal(subAfter.topic, '_deleted-topic_');
});

test('REST errors: 404 NOT_FOUND, 409 ALREADY_EXISTS, 400 INVALID_ARGUMENT in Google\'s JSON error shape', async () => {
  const p = uniqueProject();

  const missing = expectJson(await call('GET', `/v1/projects/${p}/topics/missing`), 404, 'get missing topic');
  assert.equal(missing.error?.code, 404);
  assert.equal(missing.error?.message, 'Resource not found (resource=missing).');
  assert.equal(missing.error?.status, 'NOT_FOUND');

  expectJson(await call('PUT', `/v1/projects/${p}/topics/my-topic`, {}), 200, 'create topic');
  const dup = expectJson(await call('PUT', `/v1/projects/${p}/topics/my-topic`, {}), 409, 'create topic twice');
  assert.equal(dup.error?.code, 409);
  assert.equal(dup.error?.message, 'Resource already exists in the project (resource=my-topic).');
  assert.equal(dup.error?.status, 'ALREADY_EXISTS');

  const bad = expectJson(await call('PUT', `/v1/projects/${p}/topics/1abc`, {}), 400, 'create topic with a bad name');
  assert.equal(bad.error?.code, 400);
  assert.equal(bad.error?.message, `Invalid [topics] name: (name=projects/${p}/topics/1abc)`);
  assert.equal(bad.error?.status, 'INVALID_ARGUMENT');
});

test('REST and gRPC share one port and one state', async () => {
  const p = uniqueProject();
  expectJson(await call('PUT', `/v1/projects/${p}/topics/from-rest`, {}), 200, 'create topic');

  const pubsub = env.pubsub(p);
  const [exists] = await pubsub.topic('from-rest').exists();
  assert.equal(exists, true, 'a topic created over REST is not visible over gRPC');

  await pubsub.createTopic('from-grpc');
  const got = expectJson(await call('GET', `/v1/projects/${p}/topics/from-grpc`), 200, 'get topic created over gRPC');
  assert.equal(got.name, `projects/${p}/topics/from-grpc`);
});
