// The Google Cloud CLI's IAM commands on Pub/Sub resources against Tidings: `get-iam-policy` (gcloud sends
// `GET …:getIamPolicy?options.requestedPolicyVersion=…`, Pub/Sub's own binding), `add-iam-policy-binding` and
// `remove-iam-policy-binding` (a read-modify-write with the etag), `set-iam-policy` from a file, and a missing
// resource. Every gcloud call costs a Python start-up, so each test checks several things.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {useGcloud} from '../lib/gcloud.js';
import {uniqueProject, useServer} from '../lib/helpers.js';

const env = useServer();
const gcloud = useGcloud(env);
const files = mkdtempSync(path.join(os.tmpdir(), 'tidings-gcloud-iam-'));

after(() => rmSync(files, {recursive: true, force: true}));

test('topics: get-iam-policy, add-iam-policy-binding, remove-iam-policy-binding, set-iam-policy', async () => {
  const p = uniqueProject('giam');
  await gcloud.ok(['pubsub', 'topics', 'create', 'orders'], {project: p});

  const empty = await gcloud.ok(['pubsub', 'topics', 'get-iam-policy', 'orders', '--format=json'], {project: p});
  assert.deepEqual(JSON.parse(empty.stdout), {etag: 'ACAB'});

  const added = await gcloud.ok(
    ['pubsub', 'topics', 'add-iam-policy-binding', 'orders', '--member=user:a@example.com', '--role=roles/pubsub.viewer', '--format=json'],
    {project: p},
  );
  assert.match(added.stderr, /Updated IAM policy for topic \[orders\]\./);
  const afterAdd = JSON.parse(added.stdout);
  assert.deepEqual(afterAdd.bindings, [{role: 'roles/pubsub.viewer', members: ['user:a@example.com']}]);
  assert.equal(afterAdd.version, 1);
  assert.notEqual(afterAdd.etag, 'ACAB');

  const read = await gcloud.ok(['pubsub', 'topics', 'get-iam-policy', 'orders', '--format=json'], {project: p});
  assert.deepEqual(JSON.parse(read.stdout), afterAdd);

  const removed = await gcloud.ok(
    ['pubsub', 'topics', 'remove-iam-policy-binding', 'orders', '--member=user:a@example.com', '--role=roles/pubsub.viewer', '--format=json'],
    {project: p},
  );
  const afterRemove = JSON.parse(removed.stdout);
  assert.equal(afterRemove.bindings, undefined);
  assert.notEqual(afterRemove.etag, afterAdd.etag);

  // A policy file carrying an etag that is no longer current: gcloud passes it on and the server refuses it.
  const stale = path.join(files, 'stale.json');
  writeFileSync(stale, JSON.stringify({etag: afterAdd.etag, bindings: [{role: 'roles/pubsub.publisher', members: ['group:g@example.com']}]}));
  const refused = await gcloud.fails(['pubsub', 'topics', 'set-iam-policy', 'orders', stale], {project: p});
  assert.match(refused.stderr, /ABORTED: There were concurrent policy changes\. Please retry the whole read-modify-write with exponential backoff\./);

  const current = path.join(files, 'current.json');
  writeFileSync(current, JSON.stringify({etag: afterRemove.etag, bindings: [{role: 'roles/pubsub.publisher', members: ['group:g@example.com']}]}));
  const replaced = await gcloud.ok(['pubsub', 'topics', 'set-iam-policy', 'orders', current, '--format=json'], {project: p});
  assert.deepEqual(JSON.parse(replaced.stdout).bindings, [{role: 'roles/pubsub.publisher', members: ['group:g@example.com']}]);
});

test('subscriptions: get-iam-policy of a missing subscription is Google\'s NOT_FOUND', async () => {
  const p = uniqueProject('giam');

  const missing = await gcloud.fails(['pubsub', 'subscriptions', 'get-iam-policy', 'absent'], {project: p});

  assert.match(missing.stderr, /NOT_FOUND: Resource not found \(resource=absent\)\./);
});
