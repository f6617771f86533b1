// Shared helpers for the compatibility tests: a per-file server fixture, client construction,
// polling with a deadline, a message collector and gRPC error assertions.

import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before} from 'node:test';
import {PubSub, v1} from '@google-cloud/pubsub';
import {startServer} from './server.js';

// Without this, google-auth-library probes the GCE metadata server (169.254.169.254) while the
// gRPC stub is created, which only adds noise ("MetadataLookupWarning") and, on some networks, delay.
// It has no influence on what is sent to our server.
process.env.METADATA_SERVER_DETECTION ??= 'none';

const here = path.dirname(fileURLToPath(import.meta.url));
const logDir = path.resolve(here, '..', 'logs');

/** gRPC status codes (google.rpc.Code). */
export const Code = Object.freeze({
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
});

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

let counter = 0;
const runTag = (Date.now().toString(36) + Math.random().toString(36).slice(2, 6)).slice(-8);

/** A project id nobody else uses (every project id is accepted by the server and isolated). */
export function uniqueProject(prefix = 'p') {
  counter += 1;
  return `${prefix}-${runTag}-${counter}`.toLowerCase();
}

/** A resource id that is valid for topics and subscriptions (starts with a letter, 3..255 chars). */
export function uniqueId(prefix = 'r') {
  counter += 1;
  return `${prefix}-${runTag}-${counter}`;
}

/**
 * Registers before/after hooks that start one Tidings server for the current test file and tear
 * everything down afterwards (subscribers, clients, the server process), even if tests failed.
 *
 *   const env = useServer();
 *   test('x', async () => { const pubsub = env.pubsub(); ... });
 */
export function useServer(serverOpts = {}) {
  const env = {
    server: undefined,
    clients: new Set(),
    closers: new Set(),
    /** A PubSub client bound to this server (insecure gRPC, no credentials), for a project of its own. */
    pubsub(projectId = uniqueProject(), options = {}) {
      const client = new PubSub({
        projectId,
        apiEndpoint: env.server.host,
        emulatorMode: true,
        ...options,
      });
      env.clients.add(client);
      return client;
    },
    /** Low-level generated clients (v1.PublisherClient / v1.SubscriberClient) on the same endpoint. */
    async publisherClient(pubsub) {
      const client = new v1.PublisherClient(await pubsub.getClientConfig());
      env.closers.add(() => client.close());
      return client;
    },
    async subscriberClient(pubsub) {
      const client = new v1.SubscriberClient(await pubsub.getClientConfig());
      env.closers.add(() => client.close());
      return client;
    },
    /** Registers something to close in the after hook (e.g. a Subscription). */
    track(closeable) {
      env.closers.add(() => closeable.close());
      return closeable;
    },
  };

  before(async () => {
    env.server = await startServer(serverOpts);
  });

  after(async () => {
    // Subscribers and low-level clients first (they hold streams), then PubSub clients, then the server.
    for (const close of env.closers) {
      await withTimeout(Promise.resolve().then(close), 10_000).catch(() => {});
    }
    for (const client of env.clients) {
      await withTimeout(client.close(), 10_000).catch(() => {});
    }
    if (env.server) {
      await env.server.stop();
      saveServerLog(env.server);
    }
  });

  return env;
}

function saveServerLog(server) {
  if (server.external) return;
  try {
    mkdirSync(logDir, {recursive: true});
    const name = path.basename(process.argv[1] || 'unknown', '.js');
    writeFileSync(path.join(logDir, `${name}.server.log`), server.output());
  } catch {
    // Logs are a convenience only.
  }
}

async function withTimeout(promise, ms) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `predicate` (sync or async) until it returns a truthy value, which is returned.
 * Throws after `timeoutMs` with `describe()` (if given) in the message. A predicate that throws
 * makes waitFor fail at once (use that to fail fast, e.g. on a subscriber error).
 */
export async function waitFor(predicate, timeoutMs = 10_000, {interval = 25, describe} = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() >= deadline) {
      const detail = describe ? `: ${describe()}` : '';
      throw new Error(`waitFor: condition not met within ${timeoutMs} ms${detail}`);
    }
    await sleep(Math.min(interval, Math.max(1, deadline - Date.now())));
  }
}

/**
 * Attaches to a Subscription and records everything it emits.
 *
 * @param {import('@google-cloud/pubsub').Subscription} subscription
 * @param {object} [opts]
 * @param {boolean} [opts.ack=true]   ack each message right after recording it
 * @param {(m) => (void|Promise<void>)} [opts.handler]  custom handling instead of the automatic ack
 */
export function collect(subscription, {ack = true, handler} = {}) {
  const c = {
    messages: [],
    errors: [],
    debug: [],
    /** Messages by id, each with the list of its deliveries. */
    byId: new Map(),
    get count() {
      return c.messages.length;
    },
    /** Number of distinct message ids seen. */
    get distinct() {
      return c.byId.size;
    },
    /** Ack / modAck batches that the server refused (the client only reports them as 'debug'). */
    failedAckBatches() {
      return c.debug.filter(d => d?.error && Array.isArray(d.error.ackIds));
    },
    summary() {
      const errs = c.errors.map(e => `${e.code ?? ''} ${e.message}`).join(' | ') || 'none';
      const acks = c.failedAckBatches().map(d => d.message).join(' | ') || 'none';
      return `received ${c.messages.length} deliveries of ${c.byId.size} distinct messages; ` +
        `subscriber errors: ${errs}; failed ack/modack batches: ${acks}`;
    },
    /** Throws at once if the subscriber reported an error (all its streams died). */
    throwIfFailed() {
      if (c.errors.length) {
        const e = c.errors[0];
        const err = new Error(`subscriber error: ${e.code ?? ''} ${e.message}`);
        err.cause = e;
        throw err;
      }
    },
    /** Waits until `n` deliveries (or, with distinct: true, distinct messages) were seen. */
    async waitForCount(n, timeoutMs = 15_000, {distinct = false} = {}) {
      await waitFor(
        () => {
          c.throwIfFailed();
          return (distinct ? c.byId.size : c.messages.length) >= n;
        },
        timeoutMs,
        {describe: () => `wanted ${n}${distinct ? ' distinct' : ''}; ${c.summary()}`},
      );
    },
  };

  subscription.on('error', err => c.errors.push(err));
  subscription.on('debug', msg => c.debug.push(msg));
  subscription.on('message', message => {
    c.messages.push(message);
    const list = c.byId.get(message.id) ?? [];
    list.push(message);
    c.byId.set(message.id, list);
    if (handler) {
      Promise.resolve()
        .then(() => handler(message))
        .catch(err => c.errors.push(err));
    } else if (ack) {
      message.ack();
    }
  });
  return c;
}

/**
 * Asserts that `action` (a promise or a function returning one / throwing) fails with the given
 * gRPC status code and, if given, the exact status message (string) or a matching one (RegExp).
 * Returns the error.
 */
export async function expectGrpcError(action, code, details) {
  let error;
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected gRPC status ${codeName(code)} but the call succeeded`);
  assert.equal(
    error.code,
    code,
    `expected gRPC status ${codeName(code)} (${code}), got ${codeName(error.code)} (${error.code}): ${error.message}`,
  );
  if (details !== undefined) {
    const text = error.details ?? error.message;
    if (details instanceof RegExp) {
      assert.match(text, details);
    } else {
      assert.equal(text, details);
    }
  }
  return error;
}

export function codeName(code) {
  return Object.keys(Code).find(k => Code[k] === code) ?? String(code);
}

/**
 * Waits until the gRPC channel of `pubsub`'s SubscriberClient is connected. A subscriber opens its
 * StreamingPull calls on that channel as soon as it starts, so once it is READY the streams are on
 * their way to the server. (Uses the generated client's public `subscriberStub`.)
 */
export async function waitForSubscriberChannel(pubsub, timeoutMs = 10_000) {
  const client = await waitFor(() => pubsub.api?.SubscriberClient, timeoutMs, {
    describe: () => 'the subscriber never created its SubscriberClient',
  });
  const stub = await client.subscriberStub;
  await new Promise((resolve, reject) =>
    stub.waitForReady(Date.now() + timeoutMs, err => (err ? reject(err) : resolve())),
  );
}

/** Publishes `n` messages concurrently with data `${prefix}-${i}`; returns the message ids in order. */
export async function publishMany(topic, n, prefix = 'm', attributes = undefined) {
  const ids = await Promise.all(
    Array.from({length: n}, (_, i) =>
      topic.publishMessage({data: Buffer.from(`${prefix}-${i}`), attributes: attributes?.(i)}),
    ),
  );
  return ids;
}
