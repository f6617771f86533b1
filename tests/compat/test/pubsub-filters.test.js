// Subscription filters through the official client: a table of filters over every operator and precedence rule,
// each subscription receiving exactly the messages its filter matches (streaming pull, unary pull and push), bad
// filters refused at creation with INVALID_ARGUMENT, filters immutable, kept across a restart, and gcloud's
// --message-filter.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {PubSub} from '@google-cloud/pubsub';
import {useGcloud} from '../lib/gcloud.js';
import {Code, collect, expectGrpcError, uniqueId, uniqueProject, useServer, waitFor} from '../lib/helpers.js';
import {startReceiver} from '../lib/receiver.js';
import {startServer} from '../lib/server.js';

const env = useServer();
const gcloud = useGcloud(env);

/** The messages every table test publishes: m0 … m9, each with these attributes. */
const MESSAGES = [
  {lang: 'en', name: 'com'},
  {lang: 'en', name: 'net'},
  {lang: 'cn', name: 'com'},
  {lang: 'jp', name: 'co'},
  {lang: 'jp'},
  {name: 'com', 'iana.org/language_tag': 'en'},
  {'みんな': 'x', name: 'org'},
  {name: 'Com'},
  {region: 'eu-west-1', name: 'com'},
  {},
];

/** [filter, the messages (indexes into MESSAGES) it matches]. */
const FILTERS = [
  ['attributes:name', [0, 1, 2, 3, 5, 6, 7, 8]],
  ['NOT attributes:name', [4, 9]],
  ['-attributes:name', [4, 9]],
  ['attributes.name = "com"', [0, 2, 5, 8]],
  ['attributes.name != "com"', [1, 3, 4, 6, 7, 9]],
  ['hasPrefix(attributes.name, "co")', [0, 2, 3, 5, 8]],
  ['NOT hasPrefix(attributes.name, "co")', [1, 4, 6, 7, 9]],
  ['attributes.lang = "en" AND attributes.name = "com"', [0]],
  ['attributes.lang = "jp" OR attributes.name = "net"', [1, 3, 4]],
  ['attributes:lang AND attributes:name AND NOT attributes.lang = "cn"', [0, 1, 3]],
  ['attributes.lang = "en" AND (attributes.name = "com" OR attributes.name = "net")', [0, 1]],
  ['(attributes.lang = "en" AND attributes.name = "com") OR attributes.lang = "cn"', [0, 2]],
  ['NOT attributes:lang AND attributes:name', [5, 6, 7, 8]],
  ['NOT (attributes:lang AND attributes:name)', [4, 5, 6, 7, 8, 9]],
  ['attributes.name = "com" AND -attributes:"iana.org/language_tag"', [0, 2, 8]],
  ['attributes."iana.org/language_tag" = "en"', [5]],
  ['attributes:"\\u307F\\u3093\\u306A"', [6]],
  ['attributes.name = "\\x43om"', [7]],
  ['hasPrefix(attributes.region, "eu-")', [8]],
];

const label = i => `m${i}`;
const expectedLabels = indexes => indexes.map(label).sort();

/** Publishes MESSAGES one by one, in order. */
async function publishTable(topic) {
  for (const [i, attributes] of MESSAGES.entries()) {
    await topic.publishMessage({data: Buffer.from(label(i)), attributes});
  }
}

/** What a unary Pull (return immediately) still finds: empty once every message of the subscription was settled. */
async function pullNow(client, subscription) {
  const [response] = await client.pull({subscription, maxMessages: 100, returnImmediately: true});
  return response.receivedMessages ?? [];
}

async function createFiltered(topic, prefix) {
  const subscriptions = [];
  for (const [i, [filter]] of FILTERS.entries()) {
    const [subscription] = await topic.createSubscription(`${prefix}-${i}`, {filter, ackDeadlineSeconds: 60});
    subscriptions.push(subscription);
  }
  return subscriptions;
}

test('streaming pull: each subscription of the table receives exactly the messages its filter matches', async () => {
  const pubsub = env.pubsub();
  const [topic] = await pubsub.createTopic('events');
  await createFiltered(topic, 'streamed');
  const subscribers = FILTERS.map((_, i) => env.track(pubsub.subscription(`streamed-${i}`, {streamingOptions: {maxStreams: 1}})));
  const collectors = subscribers.map(subscriber => collect(subscriber));

  await publishTable(topic);

  await Promise.all(FILTERS.map(([, expected], i) => collectors[i].waitForCount(expected.length, 20_000, {distinct: true})));
  await Promise.all(subscribers.map(subscriber => subscriber.close())); // flushes the acks
  const client = await env.subscriberClient(pubsub);
  for (const [i, [filter, expected]] of FILTERS.entries()) {
    const received = collectors[i].messages.map(m => m.data.toString()).sort();
    assert.deepEqual(received, expectedLabels(expected), `filter ${filter}`);
    assert.deepEqual(collectors[i].failedAckBatches(), [], `acks refused for ${filter}`);
    const left = await pullNow(client, `projects/${pubsub.projectId}/subscriptions/streamed-${i}`);
    assert.deepEqual(left.map(m => m.message.data.toString()), [], `filter ${filter}: more would have been delivered`);
  }
});

test('unary pull of a backlog published before anyone pulled: only matching messages, the rest counted as acked', async () => {
  const pubsub = env.pubsub();
  const [topic] = await pubsub.createTopic('events');
  const subscriptions = await createFiltered(topic, 'pulled');
  await publishTable(topic);
  const client = await env.subscriberClient(pubsub);

  for (const [i, [filter, expected]] of FILTERS.entries()) {
    const name = subscriptions[i].name;
    const pulled = await pullNow(client, name);
    assert.deepEqual(pulled.map(m => m.message.data.toString()).sort(), expectedLabels(expected), `filter ${filter}`);
    for (const m of pulled) assert.deepEqual(m.message.attributes, MESSAGES[Number(m.message.data.toString().slice(1))]);
    await client.acknowledge({subscription: name, ackIds: pulled.map(m => m.ackId)});
    assert.deepEqual(await pullNow(client, name), [], `filter ${filter}: something was left after acking`);
  }
});

test('push: a filtered push subscription posts only the matching messages', async () => {
  const receiver = await startReceiver();
  try {
    const pubsub = env.pubsub();
    const [topic] = await pubsub.createTopic('events');
    await topic.createSubscription('pushed', {
      filter: 'hasPrefix(attributes.name, "co") AND NOT attributes.lang = "cn"',
      pushConfig: {pushEndpoint: receiver.url},
    });

    await publishTable(topic);
    await topic.publishMessage({data: Buffer.from('last'), attributes: {name: 'co-last'}});

    await receiver.waitUntil(
      requests => requests.some(r => Buffer.from(r.json().message.data, 'base64').toString() === 'last'),
      'the last matching message',
      20_000,
    );
    const pushed = receiver.requests.map(r => Buffer.from(r.json().message.data, 'base64').toString()).sort();
    assert.deepEqual(pushed, [...expectedLabels([0, 3, 5, 8]), 'last'].sort());
  } finally {
    await receiver.close();
  }
});

test('bad filters are refused at creation with INVALID_ARGUMENT saying what and where; nothing is created', async () => {
  const pubsub = env.pubsub();
  const [topic] = await pubsub.createTopic('events');
  const refused = [
    ['attributes:a AND attributes:b OR attributes:c',
      "Invalid filter: AND and OR cannot be mixed without parentheses (write a AND (b OR c)); found 'OR' at character 31."],
    ['attributes.name = com',
      "Invalid filter: expected a string literal in quotes (values are never unquoted); found 'com' at character 19."],
    ['"com" = attributes.name',
      "Invalid filter: a string literal may only follow = or != (attributes.KEY = \"value\"), or be a key or a hasPrefix prefix; found '\"com\"' at character 1."],
    ['attributes:a and attributes:b',
      "Invalid filter: the operators AND, OR and NOT must be written in uppercase; found 'and' at character 14."],
    ['attributes:\\u307F',
      "Invalid filter: escape sequences are allowed only inside string literals (quote the key: attributes:\"...\"); found '\\u' at character 12."],
    ['data = "x"',
      "Invalid filter: filters can only test message attributes (attributes.KEY or attributes:KEY); found 'data' at character 1."],
    ['attributes.name = "com" AND ("net" OR "org")',
      "Invalid filter: a string literal may only follow = or != (attributes.KEY = \"value\"), or be a key or a hasPrefix prefix; found '\"net\"' at character 30."],
    [`attributes.k = "${'v'.repeat(240)}"`,
      'Invalid filter: the filter is 257 bytes long, but the maximum is 256 bytes.'],
  ];
  for (const [filter, message] of refused) {
    const id = uniqueId('bad');
    await expectGrpcError(topic.createSubscription(id, {filter}), Code.INVALID_ARGUMENT, message);
    const [exists] = await pubsub.subscription(id).exists();
    assert.equal(exists, false, `a subscription was created with ${filter}`);
  }
  // Exactly 256 bytes is within the limit.
  const [longest] = await topic.createSubscription(uniqueId('longest'), {filter: `attributes.k = "${'v'.repeat(239)}"`});
  assert.equal((await longest.getMetadata())[0].filter.length, 256);
});

test('filters are immutable: an update naming filter is refused, even with the same value; other updates keep it', async () => {
  const pubsub = env.pubsub();
  const [topic] = await pubsub.createTopic('events');
  const filter = 'attributes.kind = "order"';
  const [subscription] = await topic.createSubscription('orders', {filter});
  const notMutable = "Invalid update_mask provided in the UpdateSubscriptionRequest: the 'filter' field in the Subscription is not mutable.";

  await expectGrpcError(subscription.setMetadata({filter: 'attributes:kind'}), Code.INVALID_ARGUMENT, notMutable);
  await expectGrpcError(subscription.setMetadata({filter}), Code.INVALID_ARGUMENT, notMutable);
  await expectGrpcError(subscription.setMetadata({filter: '', ackDeadlineSeconds: 30}), Code.INVALID_ARGUMENT, notMutable);
  await subscription.setMetadata({ackDeadlineSeconds: 42, labels: {team: 'billing'}});

  const [metadata] = await subscription.getMetadata();
  assert.equal(metadata.filter, filter);
  assert.equal(metadata.ackDeadlineSeconds, 42);
  assert.deepEqual(metadata.labels, {team: 'billing'});
});

test('a filter survives a restart and still decides what is delivered', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tidings-filters-'));
  const projectId = uniqueProject('filters-restart');
  let server;
  let pubsub;
  const open = async () => {
    server = await startServer({dataDir});
    pubsub = new PubSub({projectId, apiEndpoint: server.host, emulatorMode: true});
  };
  const close = async () => {
    await pubsub.close();
    await server.stop();
  };
  try {
    await open();
    const [topic] = await pubsub.createTopic('events');
    const filter = 'attributes.name = "com" OR attributes.lang = "jp"';
    await topic.createSubscription('kept', {filter});
    await publishTable(topic);
    await close();

    await open();
    const [metadata] = await pubsub.subscription('kept').getMetadata();
    assert.equal(metadata.filter, filter);
    await pubsub.topic('events').publishMessage({data: Buffer.from('after'), attributes: {lang: 'jp'}});
    await pubsub.topic('events').publishMessage({data: Buffer.from('after-rejected'), attributes: {lang: 'en'}});
    const subscription = pubsub.subscription('kept', {streamingOptions: {maxStreams: 1}});
    const received = collect(subscription);
    const expected = [...expectedLabels([0, 2, 3, 4, 5, 8]), 'after'].sort();
    await received.waitForCount(expected.length, 20_000, {distinct: true});
    await subscription.close();
    assert.deepEqual(received.messages.map(m => m.data.toString()).sort(), expected);
    await close();
  } finally {
    await server?.stop().catch(() => {});
    rmSync(dataDir, {recursive: true, force: true});
  }
});

test('gcloud: subscriptions create --message-filter, describe shows it, pull gets only matching; a bad filter is refused', async () => {
  const p = uniqueProject('gf');
  const rest = async (method, resource, body) => {
    const res = await fetch(`${env.server.baseUrl}/v1/${resource}`, {
      method,
      headers: {'content-type': 'application/json'},
      body: JSON.stringify(body),
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    return JSON.parse(text);
  };
  await rest('PUT', `projects/${p}/topics/orders`, {});

  await gcloud.ok(['pubsub', 'subscriptions', 'create', 'europe', '--topic=orders', '--message-filter=attributes.region = "eu" AND NOT attributes:test'], {project: p});
  const refused = await gcloud.fails(['pubsub', 'subscriptions', 'create', 'bad', '--topic=orders', '--message-filter=attributes.region = eu'], {project: p});
  assert.deepEqual(refused.stderr.split('\n').filter(Boolean), [
    `ERROR: Failed to create subscription [projects/${p}/subscriptions/bad]: Invalid filter: expected a string literal in quotes (values are never unquoted); found 'eu' at character 21.`,
    'ERROR: (gcloud.pubsub.subscriptions.create) Failed to create the following: [bad].',
  ]);

  const described = (await gcloud.ok(['pubsub', 'subscriptions', 'describe', 'europe', '--format=json'], {project: p})).json();
  assert.equal(described.filter, 'attributes.region = "eu" AND NOT attributes:test');

  const data = text => Buffer.from(text).toString('base64');
  await rest('POST', `projects/${p}/topics/orders:publish`, {
    messages: [
      {data: data('eu-1'), attributes: {region: 'eu'}},
      {data: data('us-1'), attributes: {region: 'us'}},
      {data: data('eu-test'), attributes: {region: 'eu', test: 'yes'}},
      {data: data('eu-2'), attributes: {region: 'eu'}},
    ],
  });
  const pulled = (await gcloud.ok(['pubsub', 'subscriptions', 'pull', 'europe', '--auto-ack', '--limit=10', '--format=json'], {project: p})).json();
  assert.deepEqual(pulled.map(m => Buffer.from(m.message.data, 'base64').toString()).sort(), ['eu-1', 'eu-2']);
  await waitFor(async () => (await rest('POST', `projects/${p}/subscriptions/europe:pull`, {maxMessages: 10, returnImmediately: true})).receivedMessages === undefined,
    5_000, {describe: () => 'messages were left on the filtered subscription'});
});
