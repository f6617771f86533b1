// IAM policies on Pub/Sub resources with the official Node client: `topic.iam` and `subscription.iam`
// (getPolicy, setPolicy, testPermissions, which the client sends to google.iam.v1.IAMPolicy over gRPC), a
// read-modify-write that loses the race on its etag, resources that do not exist, and the same calls in REST mode
// (google-gax posts to `…:getIamPolicy` and friends). Tidings stores policies but enforces none.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {PassThroughClient} from 'google-auth-library';
import {Code, uniqueProject, useServer} from '../lib/helpers.js';

const env = useServer();

const viewer = member => ({bindings: [{role: 'roles/pubsub.viewer', members: [member]}]});

test('topic.iam: empty policy, setPolicy, getPolicy, testPermissions', async () => {
  const pubsub = env.pubsub(uniqueProject('iam'));
  const [topic] = await pubsub.createTopic('orders');

  const [empty] = await topic.iam.getPolicy();
  assert.deepEqual(empty.bindings, []);
  assert.equal(Buffer.from(empty.etag).toString('base64'), 'ACAB');

  const [set] = await topic.iam.setPolicy({...viewer('user:a@example.com'), etag: empty.etag});
  assert.equal(set.version, 1);
  assert.notEqual(Buffer.from(set.etag).toString('base64'), 'ACAB');
  assert.deepEqual(set.bindings.map(b => [b.role, b.members]), [['roles/pubsub.viewer', ['user:a@example.com']]]);

  const [read] = await topic.iam.getPolicy();
  assert.deepEqual(read.bindings.map(b => [b.role, b.members]), [['roles/pubsub.viewer', ['user:a@example.com']]]);
  assert.deepEqual(Buffer.from(read.etag), Buffer.from(set.etag));

  const [permissions] = await topic.iam.testPermissions(['pubsub.topics.publish', 'pubsub.topics.get', 'pubsub.subscriptions.consume']);
  assert.deepEqual(permissions, {
    'pubsub.topics.publish': true,
    'pubsub.topics.get': true,
    'pubsub.subscriptions.consume': false,
  });
});

test('subscription.iam: its own policy and permissions, apart from its topic', async () => {
  const pubsub = env.pubsub(uniqueProject('iam'));
  const [topic] = await pubsub.createTopic('events');
  const [subscription] = await topic.createSubscription('billing');
  await topic.iam.setPolicy(viewer('user:topic@example.com'));

  const [set] = await subscription.iam.setPolicy({bindings: [{role: 'roles/pubsub.subscriber', members: ['serviceAccount:worker@p.iam.gserviceaccount.com']}]});
  const [read] = await subscription.iam.getPolicy();
  const [permissions] = await subscription.iam.testPermissions(['pubsub.subscriptions.consume']);

  assert.deepEqual(read.bindings.map(b => [b.role, b.members]), [['roles/pubsub.subscriber', ['serviceAccount:worker@p.iam.gserviceaccount.com']]]);
  assert.deepEqual(Buffer.from(read.etag), Buffer.from(set.etag));
  assert.deepEqual(permissions, {'pubsub.subscriptions.consume': true});
  const [topicPolicy] = await topic.iam.getPolicy();
  assert.deepEqual(topicPolicy.bindings[0].members, ['user:topic@example.com']);
});

test('setPolicy with a stale etag: ABORTED, and the winner\'s policy stays', async () => {
  const pubsub = env.pubsub(uniqueProject('iam'));
  const [topic] = await pubsub.createTopic('contended');
  const [original] = await topic.iam.getPolicy();
  await topic.iam.setPolicy({...viewer('user:first@example.com'), etag: original.etag});

  await assert.rejects(topic.iam.setPolicy({...viewer('user:second@example.com'), etag: original.etag}), err => {
    assert.equal(err.code, Code.ABORTED);
    assert.match(err.message, /There were concurrent policy changes\. Please retry the whole read-modify-write with exponential backoff\./);
    return true;
  });
  const [kept] = await topic.iam.getPolicy();
  assert.deepEqual(kept.bindings[0].members, ['user:first@example.com']);
});

test('missing resources: getPolicy and setPolicy NOT_FOUND, testPermissions grants nothing', async () => {
  const pubsub = env.pubsub(uniqueProject('iam'));
  const topic = pubsub.topic('absent');

  await assert.rejects(topic.iam.getPolicy(), err => {
    assert.equal(err.code, Code.NOT_FOUND);
    assert.match(err.message, /Resource not found \(resource=absent\)\./);
    return true;
  });
  await assert.rejects(pubsub.subscription('absent-sub').iam.setPolicy(viewer('user:a@example.com')), err => err.code === Code.NOT_FOUND);
  const [permissions] = await topic.iam.testPermissions(['pubsub.topics.publish']);
  assert.deepEqual(permissions, {'pubsub.topics.publish': false});
});

test('REST mode: the same calls over HTTP/JSON', async () => {
  const pubsub = env.pubsub(uniqueProject('iamrest'), {
    apiEndpoint: env.server.host,
    fallback: true,
    protocol: 'http',
    authClient: new PassThroughClient(),
  });
  const [topic] = await pubsub.createTopic('over-rest');

  const [set] = await topic.iam.setPolicy(viewer('group:team@example.com'));
  const [read] = await topic.iam.getPolicy();
  const [permissions] = await topic.iam.testPermissions(['pubsub.topics.update']);

  assert.deepEqual(read.bindings.map(b => [b.role, b.members]), [['roles/pubsub.viewer', ['group:team@example.com']]]);
  assert.deepEqual(Buffer.from(read.etag), Buffer.from(set.etag));
  assert.deepEqual(permissions, {'pubsub.topics.update': true});
  // In REST mode the client reports the HTTP status and Google's JSON error as the message.
  await assert.rejects(pubsub.topic('absent').iam.getPolicy(), err => {
    assert.equal(err.status ?? err.code, 404);
    assert.deepEqual(JSON.parse(err.message).error, {code: 404, message: 'Resource not found (resource=absent).', status: 'NOT_FOUND'});
    return true;
  });
});
