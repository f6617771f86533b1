// Crash safety: SIGKILL the server while publishers and subscribers run, restart it, and check that every
// message whose publish was answered was either acked before the crash or is delivered again afterwards.

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, test} from 'node:test';
import {PubSub} from '@google-cloud/pubsub';
import {startServer} from '../lib/server.js';
import {sleep, uniqueProject, waitFor} from '../lib/helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'tidings-crash-'));
const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  rmSync(dataDir, {recursive: true, force: true});
});

const LOAD_MS = 4000;

test('kill -9 under load loses no answered message', async () => {
  const projectId = uniqueProject('crash');
  const server = await startServer({dataDir});
  cleanups.push(() => server.kill());
  const setup = new PubSub({projectId, apiEndpoint: server.host, emulatorMode: true});
  const [topic] = await setup.createTopic('crash-topic');
  await topic.createSubscription('crash-sub', {ackDeadlineSeconds: 10});
  await setup.close();

  const answered = new Set();
  const ackAttempted = new Set();
  const load = spawn(process.execPath, [path.join(here, '..', 'lib', 'crash-load.js'), server.host, projectId, 'crash-topic', 'crash-sub', '4'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(async () => load.kill('SIGKILL'));
  let pending = '';
  load.stdout.setEncoding('utf8');
  load.stdout.on('data', text => {
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      if (line.startsWith('A ')) answered.add(line.slice(2));
      else if (line.startsWith('K ')) ackAttempted.add(line.slice(2));
    }
  });

  await sleep(LOAD_MS);
  // A loaded machine may take longer to start the load (its process, its clients): the crash must come mid-load.
  await waitFor(() => answered.size > 200, 60_000, {
    describe: () => `too little load to be meaningful: ${answered.size} publishes answered`,
  });
  await server.kill();
  // What the load process reported by now is what was answered before the crash: nothing is answered after it.
  await sleep(200);
  load.kill('SIGKILL');
  assert.ok(answered.size > 200, `too little load to be meaningful: ${answered.size} publishes answered`);

  const restarted = await startServer({dataDir});
  cleanups.push(() => restarted.stop());
  const pubsub = new PubSub({projectId, apiEndpoint: restarted.host, emulatorMode: true});
  cleanups.push(() => pubsub.close());
  const redelivered = new Set();
  const subscription = pubsub.subscription('crash-sub', {flowControl: {maxMessages: 1000}});
  subscription.on('message', message => {
    redelivered.add(message.id);
    message.ack();
  });
  const mustSee = [...answered].filter(id => !ackAttempted.has(id));
  await waitFor(() => mustSee.every(id => redelivered.has(id)), 60_000, {
    describe: () => {
      const missing = mustSee.filter(id => !redelivered.has(id));
      return `${missing.length} of ${mustSee.length} unacked answered messages not delivered again (e.g. ${missing.slice(0, 5)})`;
    },
  });
  await subscription.close();
  // Every answered message is accounted for: acked before the crash, or delivered again after it.
  for (const id of answered) {
    assert.ok(ackAttempted.has(id) || redelivered.has(id), `message ${id} was answered but is lost`);
  }
});
