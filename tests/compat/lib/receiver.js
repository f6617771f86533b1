// A local push endpoint for the push tests: records every request and answers as scripted.
//
//   const receiver = await startReceiver();          // 127.0.0.1, a free port, a path of its own
//   receiver.url                                      // the endpoint to put in a push config
//   receiver.enqueue(reply.status(503), reply.hang);  // the next requests get these answers, in order
//   receiver.failTimes(3, 500);                       // the next 3 requests get 500
//   receiver.script = req => (cond ? reply.close : null); // then this decides (null: fall through)
//   receiver.defaultReply = reply.ok;                 // and then this (default 200)
//   receiver.enqueue(reply.after(200, 503));          // answers 503 after holding the request 200 ms
//   receiver.releaseHanging(200);                     // answers every request hanging now
//   receiver.inFlight, receiver.maxInFlight           // requests received and not yet answered: now, at most
//   await receiver.waitForRequest(2);                 // the 2nd request (1-based), polled with a deadline
//   await receiver.close();
//
// Each recorded request: {number, method, path (with its query), target (the request line's, absolute when the
// receiver serves as an HTTP proxy), headers (lower-case names), body (Buffer),
// arrivedAt and answeredAt (performance.now() ms), arrivedAtMs (Date.now()), reply, answeredStatus (null until
// answered, or when never answered), clientAborted, finished (a promise), text(), json(), messageId()}. Requests
// to other paths (left over from another test) get 404 and are only counted in `strays`.

import http from 'node:http';
import {randomUUID} from 'node:crypto';
import {performance} from 'node:perf_hooks';
import {waitFor} from './helpers.js';

export const reply = Object.freeze({
  status: code => ({kind: 'status', status: code}),
  ok: {kind: 'status', status: 200},
  hang: {kind: 'hang'},
  close: {kind: 'close'},
  after: (ms, code = 200) => ({kind: 'after', ms, status: code}),
});

/**
 * @param {object} [opts]
 * @param {number} [opts.port] a fixed port (to come back where a closed receiver was); default a free one
 * @param {string} [opts.path] a fixed path; default /push/<uuid>
 */
export async function startReceiver({port = 0, path} = {}) {
  const ownPath = path ?? `/push/${randomUUID()}`;
  const queued = [];
  const sockets = new Set();
  let release = deferred();

  const receiver = {
    requests: [],
    strays: 0,
    inFlight: 0,
    maxInFlight: 0,
    defaultReply: reply.ok,
    /** @type {null | ((request) => (object|null|undefined))} */
    script: null,
    port: 0,
    path: ownPath,
    url: '',
    enqueue(...replies) {
      queued.push(...replies);
    },
    failTimes(n, status = 503) {
      for (let i = 0; i < n; i++) queued.push(reply.status(status));
    },
    releaseHanging(status = 200) {
      const released = release;
      release = deferred();
      released.resolve(status);
    },
    async waitForRequest(n, timeoutMs = 10_000) {
      await receiver.waitUntil(requests => requests.length >= n, `request #${n}`, timeoutMs);
      return receiver.requests[n - 1];
    },
    async waitUntil(predicate, what, timeoutMs = 10_000) {
      await waitFor(() => predicate(receiver.requests), timeoutMs, {
        describe: () =>
          `${what}; the receiver got ${receiver.requests.length} requests: ` +
          receiver.requests.map(r => `#${r.number} ${r.messageId()} -> ${r.answeredStatus ?? r.reply.kind}`).join(', '),
      });
    },
    /** Requests answered 2xx. */
    succeeded() {
      return receiver.requests.filter(r => r.answeredStatus >= 200 && r.answeredStatus < 300);
    },
    async close() {
      receiver.releaseHanging(503);
      await new Promise(resolve => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
    req.on('error', () => {});
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function handle(req, res, body) {
    // A request through a proxy names its target in absolute form (http://host:port/path); only the path counts.
    const target = new URL(req.url, 'http://receiver');
    if (target.pathname !== ownPath) {
      receiver.strays += 1;
      res.writeHead(404).end();
      return;
    }
    const done = deferred();
    const request = {
      number: receiver.requests.length + 1,
      method: req.method,
      path: target.pathname + target.search,
      target: req.url,
      headers: {...req.headers},
      body,
      arrivedAt: performance.now(),
      arrivedAtMs: Date.now(),
      answeredAt: null,
      reply: reply.ok,
      answeredStatus: null,
      clientAborted: false,
      finished: done.promise,
      text: () => body.toString('utf8'),
      json: () => JSON.parse(body.toString('utf8')),
      messageId() {
        if (request.headers['x-goog-pubsub-message-id']) return request.headers['x-goog-pubsub-message-id'];
        try {
          return request.json().message.messageId;
        } catch {
          return undefined;
        }
      },
    };
    const answer = queued.length ? queued.shift() : (receiver.script?.(request) ?? receiver.defaultReply);
    request.reply = answer;
    receiver.requests.push(request);
    receiver.inFlight += 1;
    receiver.maxInFlight = Math.max(receiver.maxInFlight, receiver.inFlight);
    done.promise.then(() => {
      request.answeredAt = performance.now();
      receiver.inFlight -= 1;
    });

    if (answer.kind === 'status') {
      request.answeredStatus = answer.status;
      res.writeHead(answer.status).end();
      done.resolve();
    } else if (answer.kind === 'close') {
      req.socket.destroy();
      done.resolve();
    } else if (answer.kind === 'after') {
      // A client that goes away meanwhile (a timeout, a killed server) ends the request then, unanswered.
      const timer = setTimeout(() => {
        request.answeredStatus = answer.status;
        res.writeHead(answer.status).end();
        done.resolve();
      }, answer.ms);
      res.on('close', () => {
        if (request.answeredStatus !== null) return;
        clearTimeout(timer);
        request.clientAborted = true;
        done.resolve();
      });
    } else {
      const hangingOn = release.promise;
      let over = false;
      res.on('close', () => {
        if (over) return;
        over = true;
        request.clientAborted = true;
        done.resolve();
      });
      hangingOn.then(status => {
        if (over) return;
        over = true;
        request.answeredStatus = status;
        res.writeHead(status).end();
        done.resolve();
      });
    }
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  receiver.port = server.address().port;
  receiver.url = `http://127.0.0.1:${receiver.port}${ownPath}`;
  return receiver;
}

function deferred() {
  let resolve;
  const promise = new Promise(r => (resolve = r));
  return {promise, resolve};
}
