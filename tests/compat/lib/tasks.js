// Cloud Tasks clients for the compatibility tests: the official `@google-cloud/tasks` (v2) pointed at a Tidings
// server the two ways reference §4 describes, plus small helpers for names, durations and polling.
//
//   const env = useServer();
//   const tasks = tasksClient(env);                 // gRPC, insecure channel credentials, no ADC probe
//   const rest = tasksRestClient(env);              // the client's REST fallback over plain HTTP, no credentials
//   const queue = await createQueue(tasks, project, 'q1', {retryConfig: fastRetries()});
//
// `@google-cloud/tasks` brings its own google-gax (6.x; the Pub/Sub client's is 5.x), so the insecure credentials
// and the PassThroughClient come from *its* copies: credentials built by another copy of grpc-js are refused
// ("Channel credentials must be a ChannelCredentials object"), and google-auth-library checks its own classes.

import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {waitFor} from './helpers.js';

// The CommonJS build, so the client and the helpers below share one google-gax instance.
const require = createRequire(import.meta.url);
const {CloudTasksClient} = require('@google-cloud/tasks');
const requireFromTasks = createRequire(require.resolve('@google-cloud/tasks'));
const {grpc} = requireFromTasks('google-gax');
const {PassThroughClient} = requireFromTasks('google-auth-library');

export const LOCATION = 'us-central1';

/** google.cloud.tasks.v2.HttpMethod. */
export const HttpMethod = Object.freeze({POST: 1, GET: 2, HEAD: 3, PUT: 4, DELETE: 5, PATCH: 6, OPTIONS: 7});

/** The client over gRPC (h2c) with insecure credentials; closed by useServer's after hook. */
export function tasksClient(env, options = {}) {
  const client = new CloudTasksClient({
    apiEndpoint: '127.0.0.1',
    port: env.server.port,
    sslCreds: grpc.credentials.createInsecure(),
    // Without it gax asks google-auth-library for the universe domain, which searches for credentials first.
    universeDomain: 'googleapis.com',
    ...options,
  });
  env.clients.add(client);
  return client;
}

/** The client's REST fallback (HTTP/1.1 JSON), no credentials; `host` lets a test put a recording proxy between. */
export function tasksRestClient(env, {host = env.server.host} = {}) {
  const [hostname, port] = host.split(':');
  const client = new CloudTasksClient({
    fallback: true,
    protocol: 'http',
    apiEndpoint: hostname,
    port: Number(port),
    authClient: new PassThroughClient(),
  });
  env.clients.add(client);
  return client;
}

export function queueName(project, queue, location = LOCATION) {
  return `projects/${project}/locations/${location}/queues/${queue}`;
}

export function locationName(project, location = LOCATION) {
  return `projects/${project}/locations/${location}`;
}

/** The last segment of a resource name. */
export function shortId(name) {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** A google.protobuf.Duration of `seconds` (fractions allowed). */
export function duration(seconds) {
  const whole = Math.floor(seconds);
  return {seconds: whole, nanos: Math.round((seconds - whole) * 1e9)};
}

/** A Duration or Timestamp as the client decodes it ({seconds: '12' | 12 | Long, nanos}) in seconds; null if unset. */
export function toSeconds(value) {
  if (value === null || value === undefined) return null;
  return Number(value.seconds ?? 0) + Number(value.nanos ?? 0) / 1e9;
}

/** A Timestamp `secondsFromNow` ahead of the local clock. */
export function timestampIn(secondsFromNow) {
  const ms = Date.now() + secondsFromNow * 1000;
  return {seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6};
}

/** A retry config with short backoffs, so retries happen within a test's patience. */
export function fastRetries({maxAttempts = 10, minBackoff = 0.1, maxBackoff = 1, maxDoublings = 16} = {}) {
  return {maxAttempts, minBackoff: duration(minBackoff), maxBackoff: duration(maxBackoff), maxDoublings};
}

/** Creates `queue` in `project` (us-central1) and returns it as the server answered. */
export async function createQueue(client, project, queue, fields = {}) {
  const [created] = await client.createQueue({
    parent: locationName(project),
    queue: {name: queueName(project, queue), ...fields},
  });
  return created;
}

/** An HTTP task for `url` (POST by default); `fields` are merged into the task, `request` into its httpRequest. */
export function httpTask(url, {request = {}, ...fields} = {}) {
  return {httpRequest: {url, ...request}, ...fields};
}

/** Polls GetTask until the task is gone (NOT_FOUND), as it is once it completed or ran out of attempts. */
export async function waitUntilTaskGone(client, name, timeoutMs = 10_000) {
  await waitFor(async () => {
    try {
      await client.getTask({name});
      return false;
    } catch (error) {
      if (error.code === 5) return true;
      throw error;
    }
  }, timeoutMs, {interval: 50, describe: () => `task ${name} still exists`});
}

/** Every task of a queue (FULL view unless told otherwise), all pages. */
export async function listAllTasks(client, parent, responseView = 'FULL') {
  const tasks = [];
  for await (const task of client.listTasksAsync({parent, responseView})) tasks.push(task);
  return tasks;
}

/** Asserts an X-CloudTasks-TaskETA header: seconds since the epoch, a decimal number. Returns it in seconds. */
export function parseEta(value) {
  assert.match(value ?? '', /^\d+(\.\d+)?$/, `X-CloudTasks-TaskETA "${value}" is not seconds since the epoch`);
  return Number(value);
}
