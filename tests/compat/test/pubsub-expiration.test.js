// Subscription expiration policy through the official Node client. A real server cannot be made to wait 31 days
// (the minimum ttl is a day and the host has no test clock), so deleting idle subscriptions after their ttl is
// tested in-process on a fake clock (tests/Tidings.PubSub.Tests/Expiration). Here: the policy round-trips on
// create, update and restart, and the expiry sweep, run every second, leaves alone what has not expired.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {PubSub} from '@google-cloud/pubsub';
import {startServer} from '../lib/server.js';
import {Code, expectGrpcError, uniqueProject, waitFor} from '../lib/helpers.js';

const DAY = 86_400;
const dataDir = mkdtempSync(path.join(tmpdir(), 'tidings-expiration-'));
const opened = [];
after(async () => {
  for (const close of opened.reverse()) await close().catch(() => {});
  rmSync(dataDir, {recursive: true, force: true});
});

async function open(projectId) {
  const server = await startServer({dataDir, args: ['--pubsub-expiry-sweep-interval-seconds', '1']});
  const pubsub = new PubSub({projectId, apiEndpoint: server.host, emulatorMode: true});
  opened.push(() => server.stop(), () => pubsub.close());
  return {server, pubsub};
}

const ttlOf = async (pubsub, name) => (await pubsub.subscription(name).getMetadata())[0].expirationPolicy;

test('expiration policies round-trip on create, update and restart, and sweeps leave unexpired subscriptions', async () => {
  const projectId = uniqueProject('expiry');
  let {server, pubsub} = await open(projectId);
  const [topic] = await pubsub.createTopic('orders');
  await topic.createSubscription('default');
  await topic.createSubscription('daily', {expirationPolicy: {ttl: {seconds: DAY}}, messageRetentionDuration: 3600});
  await topic.createSubscription('never', {expirationPolicy: {}});
  await topic.createSubscription('updated');

  assert.deepEqual((await ttlOf(pubsub, 'default')).ttl, {seconds: String(31 * DAY), nanos: 0});
  assert.deepEqual((await ttlOf(pubsub, 'daily')).ttl, {seconds: String(DAY), nanos: 0});
  assert.equal((await ttlOf(pubsub, 'never')).ttl, null, 'a policy without a ttl: never expires');

  await pubsub.subscription('updated').setMetadata({expirationPolicy: {ttl: {seconds: 10 * DAY}}});
  assert.deepEqual((await ttlOf(pubsub, 'updated')).ttl, {seconds: String(10 * DAY), nanos: 0});
  await pubsub.subscription('updated').setMetadata({expirationPolicy: {}});
  assert.equal((await ttlOf(pubsub, 'updated')).ttl, null, 'updated to never');

  await expectGrpcError(
    pubsub.subscription('daily').setMetadata({expirationPolicy: {ttl: {seconds: 3600}}}),
    Code.INVALID_ARGUMENT,
    'Invalid expiration_policy: the ttl must be at least 1 day (you passed 3600s).',
  );

  await pubsub.close();
  await server.stop();
  ({server, pubsub} = await open(projectId));
  assert.match(server.output(), /ExpirySweepInterval=00:00:01/);

  // Sweeps ran (every second) since the start-up above: none of these has been idle for its ttl.
  const before = (server.output().match(/expired: no activity/g) ?? []).length;
  await waitFor(async () => {
    const [subscriptions] = await pubsub.getSubscriptions();
    return subscriptions.length === 4;
  });
  await new Promise(resolve => setTimeout(resolve, 2500)); // at least two sweeps; nothing may be deleted
  const [subscriptions] = await pubsub.getSubscriptions();
  assert.deepEqual(subscriptions.map(s => s.name.split('/').pop()).sort(), ['daily', 'default', 'never', 'updated']);
  assert.equal((server.output().match(/expired: no activity/g) ?? []).length, before);
  assert.deepEqual((await ttlOf(pubsub, 'daily')).ttl, {seconds: String(DAY), nanos: 0});
  assert.equal((await ttlOf(pubsub, 'updated')).ttl, null);
});
