// The Google Cloud CLI's snapshot and seek commands against Tidings: `snapshots create/describe/list/delete`,
// `subscriptions seek --time` and `--snapshot`, and their errors. Messages are published and acked with gcloud too
// (`topics publish`, `subscriptions pull --auto-ack`). Every gcloud call costs a Python start-up, so each test
// checks several things.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {useGcloud} from '../lib/gcloud.js';
import {uniqueProject, useServer} from '../lib/helpers.js';

const env = useServer();
const gcloud = useGcloud(env);

/** The payloads a pull without ack returns (they stay leased: a seek afterwards must release them). */
async function pullTexts(project, subscription) {
  const pulled = await gcloud.ok(['pubsub', 'subscriptions', 'pull', subscription, '--limit=10', '--format=json'], {project});
  return JSON.parse(pulled.stdout)
    .map(received => Buffer.from(received.message.data, 'base64').toString())
    .sort();
}

test('snapshot of a half-acked subscription, seek to a time, seek to the snapshot, delete', async () => {
  const p = uniqueProject('gsnap');
  await gcloud.ok(['pubsub', 'topics', 'create', 'orders'], {project: p});
  await gcloud.ok(['pubsub', 'subscriptions', 'create', 'audit', '--topic=orders', '--retain-acked-messages'], {project: p});
  const beforePublishing = new Date(Date.now() - 1000).toISOString();
  await gcloud.ok(['pubsub', 'topics', 'publish', 'orders', '--message=first'], {project: p});
  await gcloud.ok(['pubsub', 'topics', 'publish', 'orders', '--message=second'], {project: p});
  const acked = await gcloud.ok(['pubsub', 'subscriptions', 'pull', 'audit', '--auto-ack', '--limit=1', '--format=json'], {project: p});
  assert.equal(Buffer.from(JSON.parse(acked.stdout)[0].message.data, 'base64').toString(), 'first');

  const created = await gcloud.ok(['pubsub', 'snapshots', 'create', 'half-done', '--subscription=audit', '--labels=team=billing'], {project: p});
  assert.match(created.stderr, new RegExp(`Created snapshot \\[projects/${p}/snapshots/half-done\\]\\.`));
  const described = JSON.parse((await gcloud.ok(['pubsub', 'snapshots', 'describe', 'half-done', '--format=json'], {project: p})).stdout);
  assert.equal(described.topic, `projects/${p}/topics/orders`);
  assert.deepEqual(described.labels, {team: 'billing'});
  // Seven days after the oldest message the snapshot leaves unacked ('second', published a moment ago).
  const lifetimeHours = (Date.parse(described.expireTime) - Date.now()) / 3_600_000;
  assert.ok(lifetimeHours > 167 && lifetimeHours <= 168, `expireTime ${described.expireTime}`);
  const listed = JSON.parse((await gcloud.ok(['pubsub', 'snapshots', 'list', '--format=json'], {project: p})).stdout);
  assert.deepEqual(listed.map(s => [s.snapshotId, s.topicId]), [['half-done', 'orders']]);

  // Back to before both messages: the acked one comes again (retain_acked_messages keeps it).
  await gcloud.ok(['pubsub', 'subscriptions', 'seek', 'audit', `--time=${beforePublishing}`], {project: p});
  assert.deepEqual(await pullTexts(p, 'audit'), ['first', 'second']);

  // Back to the snapshot: only what it left unacked, though both were leased by the pull above.
  const seeked = await gcloud.ok(['pubsub', 'subscriptions', 'seek', 'audit', '--snapshot=half-done', '--format=json'], {project: p});
  assert.equal(JSON.parse(seeked.stdout).snapshotId, `projects/${p}/snapshots/half-done`);
  assert.deepEqual(await pullTexts(p, 'audit'), ['second']);

  await gcloud.ok(['pubsub', 'snapshots', 'delete', 'half-done'], {project: p});
  const gone = await gcloud.fails(['pubsub', 'snapshots', 'describe', 'half-done'], {project: p});
  assert.match(gone.stderr, /NOT_FOUND: Resource not found \(resource=half-done\)\./);
});

test('snapshot errors: missing subscription, duplicate name, seek to a missing snapshot', async () => {
  const p = uniqueProject('gsnap');
  await gcloud.ok(['pubsub', 'topics', 'create', 'orders'], {project: p});
  await gcloud.ok(['pubsub', 'subscriptions', 'create', 'audit', '--topic=orders'], {project: p});

  const noSubscription = await gcloud.fails(['pubsub', 'snapshots', 'create', 'orphan', '--subscription=absent'], {project: p});
  assert.match(noSubscription.stderr, /Failed to create snapshot \[.*orphan\]: Resource not found \(resource=absent\)\./);

  await gcloud.ok(['pubsub', 'snapshots', 'create', 'taken', '--subscription=audit'], {project: p});
  const duplicate = await gcloud.fails(['pubsub', 'snapshots', 'create', 'taken', '--subscription=audit'], {project: p});
  assert.match(duplicate.stderr, /Resource already exists in the project \(resource=taken\)\./);

  const noSnapshot = await gcloud.fails(['pubsub', 'subscriptions', 'seek', 'audit', '--snapshot=absent'], {project: p});
  assert.match(noSnapshot.stderr, /NOT_FOUND: Resource not found \(resource=absent\)\./);
});
