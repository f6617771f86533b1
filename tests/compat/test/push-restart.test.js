// A push subscription on a durable server survives a restart: it resumes pushing, including what was published
// while its endpoint was down, and what was acked before is not pushed again.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {PubSub} from '@google-cloud/pubsub';
import {startServer} from '../lib/server.js';
import {publishMany, uniqueProject} from '../lib/helpers.js';
import {expectedIssuer} from '../lib/jwt.js';
import {startReceiver} from '../lib/receiver.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'tidings-push-restart-'));
const opened = [];
after(async () => {
  for (const close of opened.reverse()) await close().catch(() => {});
  rmSync(dataDir, {recursive: true, force: true});
});

function keyIdOf(request) {
  const [header] = request.headers.authorization.slice('Bearer '.length).split('.');
  return JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).kid;
}

async function open(projectId) {
  const server = await startServer({dataDir});
  const pubsub = new PubSub({projectId, apiEndpoint: server.host, emulatorMode: true});
  opened.push(() => server.stop(), () => pubsub.close());
  return {server, pubsub};
}

test('a push subscription resumes after a restart and pushes what was published while its endpoint was down', async t => {
  if (process.env.TIDINGS_COMPAT_HOST) {
    t.skip('needs to restart the server');
    return;
  }
  const projectId = uniqueProject('push-restart');
  let receiver = await startReceiver();
  opened.push(() => receiver.close());
  const {port, path: endpointPath, url} = receiver;
  let {server, pubsub} = await open(projectId);
  const [topic] = await pubsub.createTopic('pushed-topic');
  await topic.createSubscription('pushed-sub', {
    pushConfig: {pushEndpoint: url, oidcToken: {serviceAccountEmail: 'pusher@restart.iam.gserviceaccount.com'}},
  });
  const [acked] = await publishMany(topic, 1, 'before');
  await receiver.waitUntil(requests => requests.some(r => r.answeredStatus === 200), 'the first message acked');
  const keyBefore = keyIdOf(receiver.requests[0]);

  await receiver.close(); // the endpoint goes down
  const whileDown = await publishMany(topic, 3, 'while-down');
  await pubsub.close();
  await server.stop();

  ({server, pubsub} = await open(projectId));
  receiver = await startReceiver({port, path: endpointPath}); // back on the same URL
  opened.push(() => receiver.close());

  await receiver.waitUntil(
    requests => whileDown.every(id => requests.some(r => r.messageId() === id && r.answeredStatus === 200)),
    'the messages published while the endpoint was down',
    20_000,
  );
  const [after] = await publishMany(pubsub.topic('pushed-topic'), 1, 'after');
  await receiver.waitUntil(requests => requests.some(r => r.messageId() === after), 'a message published after the restart');
  assert.ok(!receiver.requests.some(r => r.messageId() === acked), 'a message acked before the restart was pushed again');
  assert.ok(receiver.requests.every(r => r.headers.authorization?.startsWith('Bearer ')), 'a push came without its token');
  // The signing key is kept in the data directory: receivers' cached keys stay good.
  assert.ok(receiver.requests.every(r => keyIdOf(r) === keyBefore), 'the signing key changed across the restart');
  const discovery = await (await fetch(`${server.baseUrl}/.well-known/openid-configuration`)).json();
  assert.equal(discovery.issuer, await expectedIssuer(server));
  const jwks = await (await fetch(discovery.jwks_uri)).json();
  assert.ok(jwks.keys.some(k => k.kid === keyBefore), 'the restarted server does not publish the key');

  const [metadata] = await pubsub.subscription('pushed-sub').getMetadata();
  assert.equal(metadata.pushConfig.pushEndpoint, url);
  assert.equal(metadata.pushConfig.attributes['x-goog-version'], 'v1');
  assert.equal(metadata.pushConfig.oidcToken.serviceAccountEmail, 'pusher@restart.iam.gserviceaccount.com');
});
