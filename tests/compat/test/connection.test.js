// How users point the official client at an emulator-like server: the documented
// PUBSUB_EMULATOR_HOST variable, and the apiEndpoint option with a scheme. Both must yield
// insecure gRPC to our port with no credentials.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {PubSub} from '@google-cloud/pubsub';
import {uniqueProject, useServer} from '../lib/helpers.js';

const env = useServer();

test('PUBSUB_EMULATOR_HOST points a client constructed without endpoint options at the server', async () => {
  const saved = process.env.PUBSUB_EMULATOR_HOST;
  process.env.PUBSUB_EMULATOR_HOST = env.server.host;
  try {
    const project = uniqueProject();
    const pubsub = new PubSub({projectId: project});
    env.clients.add(pubsub);
    assert.equal(pubsub.isEmulator, true);
    const [topic] = await pubsub.createTopic('via-env-var');
    assert.equal(topic.name, `projects/${project}/topics/via-env-var`);
    const id = await topic.publishMessage({data: Buffer.from('x')});
    assert.ok(id);
  } finally {
    if (saved === undefined) delete process.env.PUBSUB_EMULATOR_HOST;
    else process.env.PUBSUB_EMULATOR_HOST = saved;
  }
});

test('apiEndpoint given as an http:// URL works too', async () => {
  const project = uniqueProject();
  const pubsub = new PubSub({projectId: project, apiEndpoint: `http://${env.server.host}/`});
  env.clients.add(pubsub);
  assert.equal(pubsub.isEmulator, true);
  const [topics] = await pubsub.getTopics();
  assert.deepEqual(topics, []);
});
