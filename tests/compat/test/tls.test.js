// HTTPS: with --tls-cert/--tls-key the server's one port speaks TLS. The official Pub/Sub client connects over gRPC
// with TLS credentials that trust a self-signed certificate made here (ALPN h2), and REST goes over https with
// HTTP/1.1. The certificate comes from the openssl CLI, since Node's crypto cannot self-sign.

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import https from 'node:https';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {PubSub, v1} from '@google-cloud/pubsub';
import {grpc} from 'google-gax';
import {startServer} from '../lib/server.js';
import {uniqueId, uniqueProject} from '../lib/helpers.js';

process.env.METADATA_SERVER_DETECTION ??= 'none';

let dir;
let server;
let rootCert;
const clients = [];

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tidings-tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ], {stdio: 'pipe'});
  rootCert = readFileSync(cert);
  server = await startServer({args: ['--tls-cert', cert, '--tls-key', key]});
});

after(async () => {
  await Promise.all(clients.map(client => client.close()));
  await server?.stop();
  if (dir) rmSync(dir, {recursive: true, force: true});
});

/** A client that trusts only the test's certificate; emulatorMode false keeps the TLS credentials given. */
function tlsPubSub(projectId, sslCreds = grpc.credentials.createSsl(rootCert)) {
  const client = new PubSub({projectId, apiEndpoint: `localhost:${server.port}`, emulatorMode: false, sslCreds});
  clients.push(client);
  return client;
}

/** An https request with HTTP/1.1 (Node offers no ALPN), trusting the test's certificate unless `trust` is false. */
function restRequest(method, urlPath, body, {trust = true} = {}) {
  return new Promise((resolve, reject) => {
    const request = https.request(
      {host: '127.0.0.1', port: server.port, method, path: urlPath, headers: {'content-type': 'application/json'}, ...(trust ? {ca: rootCert} : {})},
      response => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', chunk => (text += chunk));
        response.on('end', () => resolve({status: response.statusCode, httpVersion: response.httpVersion, body: text}));
      },
    );
    request.on('error', reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

test('the Pub/Sub client publishes, pulls and streams over gRPC with TLS credentials', async () => {
  const pubsub = tlsPubSub(uniqueProject('tls'));
  assert.equal(pubsub.isEmulator, false);
  const [topic] = await pubsub.createTopic(uniqueId('t'));
  const [pulled] = await topic.createSubscription(uniqueId('s'));
  const [streamed] = await topic.createSubscription(uniqueId('s'));
  await topic.publishMessage({data: Buffer.from('over tls'), attributes: {via: 'grpc'}});

  const subscriber = new v1.SubscriberClient(await pubsub.getClientConfig());
  clients.push(subscriber);
  const [response] = await subscriber.pull({subscription: pulled.name, maxMessages: 10});
  assert.equal(response.receivedMessages.length, 1);
  assert.equal(response.receivedMessages[0].message.data.toString(), 'over tls');
  assert.equal(response.receivedMessages[0].message.attributes.via, 'grpc');

  const message = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message on the TLS stream within 30 s')), 30_000);
    streamed.on('error', reject);
    streamed.on('message', received => {
      clearTimeout(timer);
      received.ack();
      resolve(received);
    });
  });
  await streamed.close();
  assert.equal(message.data.toString(), 'over tls');
});

test('REST over https is HTTP/1.1 and sees what gRPC created', async () => {
  const project = uniqueProject('tls');
  const pubsub = tlsPubSub(project);
  const name = uniqueId('t');
  await pubsub.createTopic(name);

  const got = await restRequest('GET', `/v1/projects/${project}/topics/${name}`);
  assert.equal(got.status, 200);
  assert.equal(got.httpVersion, '1.1');
  assert.deepEqual(JSON.parse(got.body), {name: `projects/${project}/topics/${name}`, state: 'ACTIVE'});

  const missing = await restRequest('GET', `/v1/projects/${project}/topics/absent`);
  assert.equal(missing.status, 404);
  assert.equal(JSON.parse(missing.body).error.status, 'NOT_FOUND');
});

test('a client that does not trust the certificate is refused', async () => {
  const pubsub = tlsPubSub(uniqueProject('tls'), grpc.credentials.createSsl());
  // The client retries UNAVAILABLE until its deadline; the last error says why it could not connect.
  await assert.rejects(pubsub.createTopic(uniqueId('t'), {timeout: 5_000}), error => /self-signed certificate/.test(error.message));
  await assert.rejects(restRequest('GET', '/', undefined, {trust: false}), error => /self-signed|certificate/i.test(error.message));
});
