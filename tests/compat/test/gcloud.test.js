// The Google Cloud CLI against Tidings: `gcloud pubsub topics …` and `gcloud pubsub subscriptions …`, unchanged,
// after `gcloud config set api_endpoint_overrides/pubsub` and `auth/disable_credentials`. gcloud speaks REST.
//
// Each gcloud call costs a Python start-up (about a second), so the assertions are grouped and every call checks
// several things: what gcloud prints on stdout (JSON with --format=json, or its human tables and YAML), what it
// reports on stderr, and its exit code. State that gcloud cannot show cheaply is checked over REST with fetch.

import assert from 'node:assert/strict';
import {after, test} from 'node:test';
import {useGcloud} from '../lib/gcloud.js';
import {uniqueProject, useServer} from '../lib/helpers.js';

const env = useServer();
const gcloud = useGcloud(env);
const started = Date.now();

after(() => {
  // Shown with --test-reporter=spec; keeps an eye on the suite's cost.
  console.log(`# gcloud: ${gcloud.calls} invocations in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

const topics = (...args) => ['pubsub', 'topics', ...args];
const subscriptions = (...args) => ['pubsub', 'subscriptions', ...args];

/** Lines of gcloud's stderr, for exact matches of its status and error lines. */
const lines = text => text.split('\n').filter(Boolean);

/** The request URIs gcloud logged with --log-http. */
const requestUris = stderr => [...stderr.matchAll(/^uri: (\S+)$/gm)].map(m => m[1]);

/** Rows of a gcloud box table (unicode or ASCII borders) as arrays of trimmed cells; the header row first. */
function tableRows(stdout) {
  return stdout
    .split('\n')
    .filter(line => /^[│|]/.test(line))
    .map(line => line.split(/[│|]/).slice(1, -1).map(cell => cell.trim()));
}

/** A REST call with fetch, for set-up and checks that need no gcloud process of their own. */
async function rest(method, path, body) {
  const res = await fetch(`${env.server.baseUrl}/v1/${path}`, {
    method,
    headers: {'content-type': 'application/json'},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `REST ${method} ${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Pulls over REST without waiting: what is left on a subscription. */
async function restPull(subscription) {
  return (await rest('POST', `${subscription}:pull`, {maxMessages: 100, returnImmediately: true})).receivedMessages ?? [];
}

/** gcloud's line for a NOT_FOUND answer; it appends a hint because credentials are disabled. */
const notFound = (command, id) =>
  new RegExp(`^ERROR: \\(gcloud\\.pubsub\\.${command.replace('.', '\\.')}\\) NOT_FOUND: Resource not found \\(resource=${id}\\)\\.`, 'm');

test('topics: create with labels and retention, describe, list with paging, update, delete, and the errors', async () => {
  const p = uniqueProject('gt');
  const name = id => `projects/${p}/topics/${id}`;

  const created = await gcloud.ok(topics('create', 'orders', 'audits', '--labels=team=pay,env=dev', '--message-retention-duration=2h'), {project: p});
  assert.equal(created.stdout, '');
  assert.deepEqual(lines(created.stderr), [`Created topic [${name('orders')}].`, `Created topic [${name('audits')}].`]);

  const duplicate = await gcloud.fails(topics('create', 'orders'), {project: p});
  assert.deepEqual(lines(duplicate.stderr), [
    `ERROR: Failed to create topic [${name('orders')}]: Resource already exists in the project (resource=orders).`,
    'ERROR: (gcloud.pubsub.topics.create) Failed to create the following: [orders].',
  ]);

  // Human output: gcloud's YAML.
  const described = await gcloud.ok(topics('describe', 'orders'), {project: p});
  assert.match(described.stdout, new RegExp(`^name: ${name('orders')}$`, 'm'));
  assert.match(described.stdout, /^labels:\n {2}env: dev\n {2}team: pay$/m);
  assert.match(described.stdout, /^messageRetentionDuration: 7200s$/m);

  // One topic per page: gcloud follows nextPageToken and prints both, in name order.
  const paged = await gcloud.ok(topics('list', '--page-size=1', '--format=value(name)', '--log-http'), {project: p});
  assert.equal(paged.stdout, `${name('audits')}\n${name('orders')}\n`);
  const uris = requestUris(paged.stderr);
  assert.equal(uris.length, 2, `expected two list requests, got ${uris.join(' ')}`);
  assert.match(uris[0], /[?&]pageSize=1(&|$)/);
  assert.match(uris[1], /[?&]pageToken=[^&]+/);

  const limited = await gcloud.ok(topics('list', '--limit=1', '--format=json'), {project: p});
  assert.deepEqual(limited.json().map(t => t.name), [name('audits')]);

  const updated = await gcloud.ok(
    topics('update', 'orders', '--update-labels=env=prod,tier=gold', '--remove-labels=team', '--message-retention-duration=1d', '--format=json'),
    {project: p},
  );
  assert.deepEqual(lines(updated.stderr), [`Updated topic [${name('orders')}].`]);
  const orders = updated.json();
  assert.equal(orders.name, name('orders'));
  assert.deepEqual(orders.labels, {env: 'prod', tier: 'gold'});
  assert.equal(orders.messageRetentionDuration, '86400s');

  // The --clear-… flags send the field in the mask and leave it out of the body. Clearing schema settings, which
  // Tidings does not support, has nothing to clear and succeeds.
  const cleared = await gcloud.ok(
    topics('update', 'audits', '--clear-labels', '--clear-message-retention-duration', '--clear-schema-settings', '--format=json'),
    {project: p},
  );
  const audits = cleared.json();
  assert.equal(audits.name, name('audits'));
  assert.deepEqual(audits.labels ?? {}, {});
  assert.equal(audits.messageRetentionDuration, undefined);
  assert.equal(audits.schemaSettings, undefined);

  const invalid = await gcloud.fails(topics('create', 'goog-orders'), {project: p});
  assert.deepEqual(lines(invalid.stderr), [
    `ERROR: Failed to create topic [${name('goog-orders')}]: Invalid [topics] name: (name=${name('goog-orders')}).`,
    'ERROR: (gcloud.pubsub.topics.create) Failed to create the following: [goog-orders].',
  ]);

  const missing = await gcloud.fails(topics('describe', 'missing'), {project: p});
  assert.equal(missing.stdout, '');
  assert.match(missing.stderr, notFound('topics.describe', 'missing'));

  // Several at once: the two that exist are deleted, the missing one is reported, and the exit code says so.
  const deleted = await gcloud.fails(topics('delete', 'orders', 'audits', 'missing'), {project: p});
  assert.deepEqual(lines(deleted.stderr).slice(0, 2), [`Deleted topic [${name('orders')}].`, `Deleted topic [${name('audits')}].`]);
  assert.match(deleted.stderr, new RegExp(`^ERROR: Failed to delete topic \\[${name('missing')}\\]: Resource not found \\(resource=missing\\)\\.`, 'm'));
  assert.match(deleted.stderr, /^ERROR: \(gcloud\.pubsub\.topics\.delete\) Failed to delete the following: \[missing\]\.$/m);

  const none = await gcloud.ok(topics('list'), {project: p});
  assert.equal(none.stdout, '');
  assert.deepEqual(lines(none.stderr), ['Listed 0 items.']);
});

test('subscriptions: create with flags, describe, list, update, push config, detach, delete, and the errors', async () => {
  const p = uniqueProject('gs');
  const sub = id => `projects/${p}/subscriptions/${id}`;
  const topic = `projects/${p}/topics/orders`;
  await rest('PUT', topic, {});

  const billing = (
    await gcloud.ok(
      subscriptions('create', 'billing', '--topic=orders', '--ack-deadline=30', '--message-retention-duration=1d',
        '--labels=team=pay', '--expiration-period=2d', '--retain-acked-messages', '--format=json'),
      {project: p},
    )
  ).json();
  assert.equal(billing.length, 1);
  assert.equal(billing[0].name, sub('billing'));
  assert.equal(billing[0].topic, topic);
  assert.equal(billing[0].ackDeadlineSeconds, 30);
  assert.equal(billing[0].messageRetentionDuration, '86400s');
  assert.deepEqual(billing[0].labels, {team: 'pay'});
  assert.deepEqual(billing[0].expirationPolicy, {ttl: '172800s'});
  assert.equal(billing[0].retainAckedMessages, true);
  assert.equal(billing[0].pushConfig?.pushEndpoint ?? '', '');

  const pusherCreate = await gcloud.ok(
    subscriptions('create', 'pusher', '--topic=orders', '--push-endpoint=https://push.example.com/in',
      '--push-auth-service-account=pusher@example.iam.gserviceaccount.com', '--push-auth-token-audience=billing-audience',
      '--push-no-wrapper', '--push-no-wrapper-write-metadata', '--format=json'),
    {project: p},
  );
  assert.deepEqual(lines(pusherCreate.stderr), [`Created subscription [${sub('pusher')}].`]);
  const pushConfig = pusherCreate.json()[0].pushConfig;
  assert.equal(pushConfig.pushEndpoint, 'https://push.example.com/in');
  assert.deepEqual(pushConfig.oidcToken, {serviceAccountEmail: 'pusher@example.iam.gserviceaccount.com', audience: 'billing-audience'});
  assert.deepEqual(pushConfig.noWrapper, {writeMetadata: true});
  assert.equal(pushConfig.attributes['x-goog-version'], 'v1');

  // Errors that need no state of their own, side by side.
  const [duplicate, noTopic, tooLong, tooShort] = await Promise.all([
    gcloud.fails(subscriptions('create', 'billing', '--topic=orders'), {project: p}),
    gcloud.fails(subscriptions('create', 'strays', '--topic=missing'), {project: p}),
    gcloud.fails(subscriptions('create', 'slow', '--topic=orders', '--ack-deadline=700'), {project: p}),
    gcloud.fails(subscriptions('create', 'brief', '--topic=orders', '--expiration-period=1h'), {project: p}),
  ]);
  assert.deepEqual(lines(duplicate.stderr), [
    `ERROR: Failed to create subscription [${sub('billing')}]: Resource already exists in the project (resource=billing).`,
    'ERROR: (gcloud.pubsub.subscriptions.create) Failed to create the following: [billing].',
  ]);
  assert.match(noTopic.stderr, new RegExp(`^ERROR: Failed to create subscription \\[${sub('strays')}\\]: Resource not found \\(resource=missing\\)\\.`, 'm'));
  assert.equal(
    lines(tooLong.stderr)[0],
    `ERROR: Failed to create subscription [${sub('slow')}]: The value for ack_deadline_seconds is too large. You passed 700 in the request, but the maximum value is 600.`,
  );
  assert.equal(
    lines(tooShort.stderr)[0],
    `ERROR: Failed to create subscription [${sub('brief')}]: Invalid expiration_policy: the ttl must be at least 1 day (you passed 3600s).`,
  );

  const described = await gcloud.ok(subscriptions('describe', 'billing'), {project: p});
  assert.match(described.stdout, /^ackDeadlineSeconds: 30$/m);
  assert.match(described.stdout, /^expirationPolicy:\n {2}ttl: 172800s$/m);
  assert.match(described.stdout, /^labels:\n {2}team: pay$/m);
  assert.match(described.stdout, new RegExp(`^topic: ${topic}$`, 'm'));

  // A human table, as a user would ask for it.
  const table = await gcloud.ok(
    subscriptions('list', '--format=table(name.basename(),topic.basename(),ackDeadlineSeconds,pushConfig.pushEndpoint)'),
    {project: p},
  );
  assert.deepEqual(table.stdout.split('\n').filter(Boolean).map(line => line.trim().split(/\s+/)), [
    ['NAME', 'TOPIC', 'ACK_DEADLINE_SECONDS', 'PUSH_ENDPOINT'],
    ['billing', 'orders', '30'],
    ['pusher', 'orders', '10', 'https://push.example.com/in'],
  ]);

  const ofTopic = await gcloud.ok(topics('list-subscriptions', 'orders', '--page-size=1', '--log-http'), {project: p});
  assert.equal(ofTopic.stdout, `---\n  ${sub('billing')}\n---\n  ${sub('pusher')}\n`);
  assert.equal(requestUris(ofTopic.stderr).length, 2);

  const updated = await gcloud.ok(
    subscriptions('update', 'billing', '--ack-deadline=60', '--message-retention-duration=2d', '--update-labels=env=dev',
      '--remove-labels=team', '--expiration-period=never', '--no-retain-acked-messages', '--clear-dead-letter-policy',
      '--clear-retry-policy', '--format=json'),
    {project: p},
  );
  assert.deepEqual(lines(updated.stderr), [`Updated subscription [${sub('billing')}].`]);
  const billingNow = updated.json();
  assert.equal(billingNow.ackDeadlineSeconds, 60);
  assert.equal(billingNow.messageRetentionDuration, '172800s');
  assert.deepEqual(billingNow.labels, {env: 'dev'});
  assert.deepEqual(billingNow.expirationPolicy, {}, 'never expires: a policy without a ttl');
  assert.equal(billingNow.retainAckedMessages ?? false, false);
  assert.equal(billingNow.deadLetterPolicy, undefined);
  assert.equal(billingNow.retryPolicy, undefined);

  // gcloud names a nested field here: updateMask=pushConfig.noWrapper. The rest of the push config stays.
  const unwrapped = await gcloud.ok(subscriptions('update', 'pusher', '--clear-push-no-wrapper-config', '--format=json(pushConfig)'), {project: p});
  const pushNow = unwrapped.json().pushConfig;
  assert.equal(pushNow.pushEndpoint, 'https://push.example.com/in');
  assert.equal(pushNow.noWrapper, undefined);
  assert.equal(pushNow.oidcToken.serviceAccountEmail, 'pusher@example.iam.gserviceaccount.com');

  const toPull = await gcloud.ok(subscriptions('modify-push-config', 'pusher', '--push-endpoint='), {project: p});
  assert.deepEqual(lines(toPull.stderr), [`Updated subscription [${sub('pusher')}].`]);

  const detached = await gcloud.ok(topics('detach-subscription', 'billing'), {project: p});
  assert.deepEqual(lines(detached.stderr), [`Detached subscription [${sub('billing')}].`]);

  await rest('DELETE', topic);
  const afterwards = (await gcloud.ok(subscriptions('list', '--format=json'), {project: p})).json();
  const byName = Object.fromEntries(afterwards.map(s => [s.name, s]));
  assert.equal(byName[sub('billing')].detached, true);
  assert.equal(byName[sub('pusher')].topic, '_deleted-topic_');
  assert.equal(byName[sub('pusher')].pushConfig?.pushEndpoint ?? '', '', 'modify-push-config with an empty endpoint makes it pull');

  // The second "billing" no longer exists when gcloud gets to it.
  const deleted = await gcloud.fails(subscriptions('delete', 'billing', 'pusher', 'billing'), {project: p});
  assert.deepEqual(lines(deleted.stderr).slice(0, 2), [`Deleted subscription [${sub('billing')}].`, `Deleted subscription [${sub('pusher')}].`]);
  assert.match(deleted.stderr, new RegExp(`^ERROR: Failed to delete subscription \\[${sub('billing')}\\]: Resource not found \\(resource=billing\\)\\.`, 'm'));
  assert.match(deleted.stderr, /^ERROR: \(gcloud\.pubsub\.subscriptions\.delete\) Failed to delete the following: \[billing\]\.$/m);
});

test('subscriptions: flags of features Tidings lacks get its INVALID_ARGUMENT, and nothing is created', async () => {
  const p = uniqueProject('gr');
  await rest('PUT', `projects/${p}/topics/orders`, {});
  await rest('PUT', `projects/${p}/subscriptions/billing`, {topic: `projects/${p}/topics/orders`});

  const refused = {
    bigquery_config: ['--bigquery-table=warehouse:sales.orders'],
    cloud_storage_config: ['--cloud-storage-bucket=archive'],
  };
  const results = await Promise.all(
    Object.values(refused).map(flags => gcloud.fails(subscriptions('create', 'refused', '--topic=orders', ...flags), {project: p})),
  );
  Object.keys(refused).forEach((field, i) => {
    assert.deepEqual(lines(results[i].stderr), [
      `ERROR: Failed to create subscription [projects/${p}/subscriptions/refused]: The field ${field} is not supported by this Tidings server yet.`,
      'ERROR: (gcloud.pubsub.subscriptions.create) Failed to create the following: [refused].',
    ]);
  });

  // Update reports errors in gcloud's other form: the status name, then the message.
  const [update, schema] = await Promise.all([
    gcloud.fails(subscriptions('update', 'billing', '--bigquery-table=warehouse:sales.orders'), {project: p}),
    gcloud.fails(topics('create', 'typed', '--schema=orders-schema', '--message-encoding=json'), {project: p}),
  ]);
  assert.deepEqual(lines(update.stderr), [
    'ERROR: (gcloud.pubsub.subscriptions.update) INVALID_ARGUMENT: The field bigquery_config is not supported by this Tidings server yet.',
  ]);
  // Schemas are supported (gcloud-schemas.test.js): a topic naming a schema that does not exist is refused NOT_FOUND.
  assert.ok(
    lines(schema.stderr)[0].startsWith(`ERROR: Failed to create topic [projects/${p}/topics/typed]: Resource not found (resource=orders-schema).`),
    schema.stderr,
  );

  const listed = await rest('GET', `projects/${p}/subscriptions`);
  assert.deepEqual(listed.subscriptions.map(s => s.name), [`projects/${p}/subscriptions/billing`]);
});

test('ordering: create --enable-message-ordering, publish --ordering-key, pull hands out one message of a key at a time, in order', async () => {
  const p = uniqueProject('go');
  await rest('PUT', `projects/${p}/topics/orders`, {});
  await gcloud.ok(subscriptions('create', 'ordered', '--topic=orders', '--enable-message-ordering'), {project: p});
  const described = (await gcloud.ok(subscriptions('describe', 'ordered', '--format=json'), {project: p})).json();
  assert.equal(described.enableMessageOrdering, true);

  for (const text of ['first', 'second', 'third']) {
    await gcloud.ok(topics('publish', 'orders', `--message=${text}`, '--ordering-key=customer-7'), {project: p});
  }

  // Each pull gets the key's next message only once the one before was acked (--auto-ack acks it).
  const seen = [];
  for (let i = 0; i < 3; i++) {
    const pulled = (await gcloud.ok(subscriptions('pull', 'ordered', '--auto-ack', '--limit=10', '--format=json'), {project: p})).json();
    assert.equal(pulled.length, 1, JSON.stringify(pulled));
    assert.equal(pulled[0].message.orderingKey, 'customer-7');
    seen.push(Buffer.from(pulled[0].message.data, 'base64').toString('utf8'));
  }
  assert.deepEqual(seen, ['first', 'second', 'third']);
});

test('messages: publish with attributes and an ordering key, pull, ack, modify-message-ack-deadline, pull --auto-ack', async () => {
  const p = uniqueProject('gm');
  const subscription = `projects/${p}/subscriptions/billing`;
  await rest('PUT', `projects/${p}/topics/orders`, {});
  // A long ack deadline, so nothing pulled below comes back on its own while the test runs.
  await rest('PUT', subscription, {topic: `projects/${p}/topics/orders`, ackDeadlineSeconds: 120});

  const first = await gcloud.ok(topics('publish', 'orders', '--message=héllo wörld', '--attribute=origin=gcloud,kind=greeting', '--format=json'), {project: p});
  const [firstId] = first.json().messageIds;
  assert.match(firstId, /^\d+$/);

  const second = await gcloud.ok(topics('publish', 'orders', '--message=second', '--ordering-key=customer-7'), {project: p});
  const secondId = /^messageIds:\n- '(\d+)'\n$/.exec(second.stdout)?.[1];
  assert.ok(secondId, `human publish output: ${JSON.stringify(second.stdout)}`);

  const third = await gcloud.ok(topics('publish', 'orders', '--message=third', '--attribute=only=one', '--format=value(messageIds)'), {project: p});
  const thirdId = third.stdout.trim();

  const pulled = (await gcloud.ok(subscriptions('pull', 'billing', '--limit=2', '--format=json'), {project: p})).json();
  assert.equal(pulled.length, 2);
  const [m1, m2] = pulled;
  assert.equal(m1.message.messageId, firstId);
  assert.equal(Buffer.from(m1.message.data, 'base64').toString('utf8'), 'héllo wörld');
  assert.deepEqual(m1.message.attributes, {origin: 'gcloud', kind: 'greeting'});
  assert.match(m1.message.publishTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.equal(typeof m1.ackId, 'string');
  assert.equal(m2.message.messageId, secondId);
  assert.equal(m2.message.orderingKey, 'customer-7');

  const acked = await gcloud.ok(subscriptions('ack', 'billing', `--ack-ids=${m1.ackId}`), {project: p});
  assert.deepEqual(lines(acked.stderr), [`Acked the messages with the following ackIds: [${m1.ackId}]`]);

  // Deadline 0 hands the message back at once. (gcloud's status line has the doubled bracket itself.)
  const nacked = await gcloud.ok(subscriptions('modify-message-ack-deadline', 'billing', `--ack-ids=${m2.ackId}`, '--ack-deadline=0'), {project: p});
  assert.deepEqual(lines(nacked.stderr), [
    `Set ackDeadlineSeconds to [0] for messages with ackId [${m2.ackId}]] for subscription [${subscription}]`,
  ]);

  // The human table of pull --auto-ack: no ACK_ID column, an ACK_STATUS column instead.
  const autoAcked = await gcloud.ok(subscriptions('pull', 'billing', '--auto-ack', '--limit=10'), {project: p});
  const [header, ...rows] = tableRows(autoAcked.stdout);
  assert.deepEqual(header, ['DATA', 'MESSAGE_ID', 'ORDERING_KEY', 'ATTRIBUTES', 'DELIVERY_ATTEMPT', 'ACK_STATUS']);
  const byId = Object.fromEntries(rows.map(cells => [cells[1], cells]));
  assert.deepEqual(Object.keys(byId).sort(), [secondId, thirdId].sort(), autoAcked.stdout);
  assert.deepEqual(byId[secondId], ['second', secondId, 'customer-7', '', '', 'SUCCESS']);
  assert.deepEqual(byId[thirdId], ['third', thirdId, '', 'only=one', '', 'SUCCESS']);

  // Everything was acked: nothing is left to deliver.
  assert.deepEqual(await restPull(subscription), []);

  // A fourth message pulled without --auto-ack, shown as the human table with its ack id, then acked.
  const [fourth] = (await rest('POST', `projects/${p}/topics/orders:publish`, {messages: [{data: Buffer.from('fourth').toString('base64')}]})).messageIds;
  const leased = await gcloud.ok(subscriptions('pull', 'billing'), {project: p});
  const [leasedHeader, leasedRow] = tableRows(leased.stdout);
  assert.deepEqual(leasedHeader, ['DATA', 'MESSAGE_ID', 'ORDERING_KEY', 'ATTRIBUTES', 'DELIVERY_ATTEMPT', 'ACK_ID']);
  assert.deepEqual(leasedRow.slice(0, 4), ['fourth', fourth, '', '']);
  const fourthAckId = leasedRow[5];
  assert.ok(fourthAckId, leased.stdout);
  assert.deepEqual(await restPull(subscription), [], 'the pulled message is leased');
  await gcloud.ok(subscriptions('ack', 'billing', `--ack-ids=${fourthAckId}`), {project: p});
  // Acked, so handing the lease back changes nothing: the message does not come back.
  await rest('POST', `${subscription}:modifyAckDeadline`, {ackIds: [fourthAckId], ackDeadlineSeconds: 0});
  assert.deepEqual(await restPull(subscription), [], 'the ack of the fourth message took');

  const [badAck, noTopic, noSubscription] = await Promise.all([
    gcloud.fails(subscriptions('ack', 'billing', '--ack-ids=not-an-ack-id'), {project: p}),
    gcloud.fails(topics('publish', 'missing', '--message=x'), {project: p}),
    gcloud.fails(subscriptions('pull', 'missing', '--auto-ack'), {project: p}),
  ]);
  assert.deepEqual(lines(badAck.stderr), [
    'ERROR: (gcloud.pubsub.subscriptions.ack) INVALID_ARGUMENT: You have passed an invalid ack ID to the service (ack_id=not-an-ack-id).',
  ]);
  assert.match(noTopic.stderr, notFound('topics.publish', 'missing'));
  assert.match(noSubscription.stderr, notFound('subscriptions.pull', 'missing'));
});

test('messages: data whose base64 has URL-safe characters (gcloud sends "??>" as "Pz8-") is stored as the same bytes', async () => {
  const p = uniqueProject('gb');
  const subscription = `projects/${p}/subscriptions/raw`;
  await rest('PUT', `projects/${p}/topics/bytes`, {});
  await rest('PUT', subscription, {topic: `projects/${p}/topics/bytes`});

  await gcloud.ok(topics('publish', 'bytes', '--message=??>'), {project: p});
  await gcloud.ok(topics('publish', 'bytes', '--message=???'), {project: p});

  const data = (await restPull(subscription)).map(m => Buffer.from(m.message.data, 'base64').toString('utf8')).sort();
  assert.deepEqual(data, ['??>', '???']);
});
