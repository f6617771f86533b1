// Publish request limits, checked by the server: attribute count (100) and value size (1024
// bytes), non-empty messages, and at most 1000 messages per request. Where the client would
// refuse the input itself, the raw request is sent with the generated v1.PublisherClient so that
// the server's answer is what is tested.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Code, expectGrpcError, uniqueProject, useServer} from '../lib/helpers.js';

const env = useServer();

function attrs(count, valueFor = i => `v${i}`) {
  return Object.fromEntries(Array.from({length: count}, (_, i) => [`k${i}`, valueFor(i)]));
}

async function setup() {
  const project = uniqueProject();
  const pubsub = env.pubsub(project);
  const [topic] = await pubsub.createTopic('my-topic');
  const publisher = await env.publisherClient(pubsub);
  return {project, pubsub, topic, publisher, topicName: `projects/${project}/topics/my-topic`};
}

test('100 attributes are accepted; 101 are refused with INVALID_ARGUMENT', async () => {
  const {topic} = await setup();
  const id = await topic.publishMessage({data: Buffer.from('x'), attributes: attrs(100)});
  assert.ok(id);
  await expectGrpcError(
    topic.publishMessage({data: Buffer.from('x'), attributes: attrs(101)}),
    Code.INVALID_ARGUMENT,
  );
});

test('an attribute value of 1024 bytes is accepted; 1025 bytes is refused with INVALID_ARGUMENT', async () => {
  const {topic} = await setup();
  const id = await topic.publishMessage({data: Buffer.from('x'), attributes: {k: 'v'.repeat(1024)}});
  assert.ok(id);
  await expectGrpcError(
    topic.publishMessage({data: Buffer.from('x'), attributes: {k: 'v'.repeat(1025)}}),
    Code.INVALID_ARGUMENT,
  );
});

test('an empty message (no data, no attributes) is refused with INVALID_ARGUMENT', async () => {
  const {publisher, topicName} = await setup();
  // The Node client refuses this itself (TypeError), so send the raw request.
  await expectGrpcError(publisher.publish({topic: topicName, messages: [{}]}), Code.INVALID_ARGUMENT);
  await expectGrpcError(
    publisher.publish({topic: topicName, messages: [{data: Buffer.alloc(0), attributes: {}}]}),
    Code.INVALID_ARGUMENT,
  );
  // An ordering key alone does not make a message non-empty.
  await expectGrpcError(
    publisher.publish({topic: topicName, messages: [{orderingKey: 'k'}]}),
    Code.INVALID_ARGUMENT,
  );
  // One empty message spoils the whole request.
  await expectGrpcError(
    publisher.publish({topic: topicName, messages: [{data: Buffer.from('fine')}, {}]}),
    Code.INVALID_ARGUMENT,
  );
});

test('raw Publish of 1000 messages returns 1000 distinct ids; 1001 messages are refused with INVALID_ARGUMENT', async () => {
  const {publisher, topicName} = await setup();
  const [resp] = await publisher.publish({
    topic: topicName,
    messages: Array.from({length: 1000}, (_, i) => ({data: Buffer.from(`m${i}`)})),
  });
  assert.equal(resp.messageIds.length, 1000);
  assert.equal(new Set(resp.messageIds).size, 1000);

  await expectGrpcError(
    publisher.publish({
      topic: topicName,
      messages: Array.from({length: 1001}, (_, i) => ({data: Buffer.from(`m${i}`)})),
    }),
    Code.INVALID_ARGUMENT,
  );
});

test('publishing to a missing topic fails with NOT_FOUND', async () => {
  const {project, publisher} = await setup();
  await expectGrpcError(
    publisher.publish({topic: `projects/${project}/topics/absent`, messages: [{data: Buffer.from('x')}]}),
    Code.NOT_FOUND,
    'Resource not found (resource=absent).',
  );
});
