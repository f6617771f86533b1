// /metrics, /healthz and /readyz of a real server process (durable, --log-format json), after publishing with the
// official client: Google's metric names and resource labels, the storage internals, and JSON log lines.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {uniqueProject, useServer, waitFor} from '../lib/helpers.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tidings-metrics-'));
const env = useServer({dataDir, args: ['--log-format', 'json']});
after(() => rmSync(dataDir, {recursive: true, force: true}));

/** The value of the one sample of `name` whose labels include `labels`, or undefined. */
function sample(exposition, name, labels = {}) {
  const found = [];
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(m => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) found.push(Number(match[3]));
  }
  assert.ok(found.length <= 1, `${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0];
}

async function get(pathname, baseUrl = env.server.baseUrl) {
  const response = await fetch(`${baseUrl}${pathname}`);
  return {status: response.status, body: await response.text()};
}

/**
 * The /metrics of the server, or in a cluster of every node, one after the other: each node's meter shows the engines
 * it runs, so a topic's figures are on the node running Pub/Sub or, with Pub/Sub in cells, the topic's cell.
 */
async function pubSubMetrics() {
  const urls = env.server.cluster ? env.server.cluster.nodes.map(n => n.baseUrl) : [env.server.baseUrl];
  const parts = await Promise.all(urls.map(url => get('/metrics', url)));
  return {status: Math.max(...parts.map(p => p.status)), body: parts.map(p => p.body).join('\n')};
}

/** The server's log lines; a cluster's output marks each line with its node ("[n1-…] "), which is taken off. */
function logLines() {
  return env.server.output().split('\n').map(line => (env.server.cluster ? line.replace(/^\[[^\]]+\] /, '') : line));
}

test('/healthz and /readyz answer 200 once the server listens', async () => {
  assert.deepEqual(await get('/healthz'), {status: 200, body: 'ok'});
  assert.deepEqual(await get('/readyz'), {status: 200, body: 'ready'});
});

test('after publishes with the official client, /metrics counts them under Google names and labels', async () => {
  const project = uniqueProject();
  const pubsub = env.pubsub(project);
  const [topic] = await pubsub.createTopic('metered');
  await topic.createSubscription('metered-sub');
  await Promise.all(['a', 'bb', 'ccc'].map(data => topic.publishMessage({data: Buffer.from(data)})));

  const {status, body} = await pubSubMetrics();
  assert.equal(status, 200);
  const topicLabels = {project_id: project, topic_id: 'metered'};
  const subscriptionLabels = {project_id: project, subscription_id: 'metered-sub'};
  assert.equal(sample(body, 'pubsub_googleapis_com_topic_send_message_operation_count', topicLabels), 3);
  const requests = sample(body, 'pubsub_googleapis_com_topic_send_request_count', topicLabels);
  assert.ok(requests >= 1 && requests <= 3, `send_request_count ${requests}: the client batches 3 messages into 1 to 3 requests`);
  assert.equal(sample(body, 'pubsub_googleapis_com_subscription_num_undelivered_messages', subscriptionLabels), 3);
  assert.equal(sample(body, 'pubsub_googleapis_com_subscription_ack_message_count', subscriptionLabels), 0);
  assert.ok(sample(body, 'pubsub_googleapis_com_subscription_oldest_unacked_message_age_seconds', subscriptionLabels) >= 0);

  if (env.server.cluster) return; // the messages are in PostgreSQL, which has no segment files
  // Durable mode: the publishes were fsynced by the segment log's flusher, into at least one segment file.
  assert.ok(sample(body, 'tidings_storage_log_fsync_duration_seconds_count') >= 1, 'no fsync was measured');
  assert.ok(sample(body, 'tidings_storage_log_group_commit_size_bytes_sum') > 0, 'no group commit was measured');
  assert.ok(sample(body, 'tidings_storage_log_segment_count') >= 1, 'no segment counted');
});

test('with --log-format json every log line is a JSON object with severity and timestamp', async () => {
  // The console logger writes from its own queue: wait for the start-up lines to be out.
  const lines = await waitFor(() => {
    const logged = logLines().filter(line => line.startsWith('{'));
    return logged.length >= 2 && logged;
  });
  for (const line of lines) {
    const entry = JSON.parse(line);
    assert.match(entry.severity, /^(DEBUG|INFO|WARNING|ERROR|CRITICAL)$/, line);
    assert.match(entry.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/, line);
  }
  const plain = logLines().filter(line => line.trim() && !line.startsWith('{'));
  assert.deepEqual(plain.filter(line => !line.startsWith('Tidings listening on ')), [], 'lines that are not JSON');
});
