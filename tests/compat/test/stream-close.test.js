// Closing a streaming subscriber: the Node client cancels its StreamingPull calls (an HTTP/2 stream reset) every
// time a subscriber closes. For the server that is the ordinary end of a stream, worth a Debug line, not an error
// with a stack trace. Regression: each close logged "Error when executing service method 'StreamingPull'" with an
// IOException ("The client reset the request stream") at error level.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {collect, uniqueProject, useServer, waitFor} from '../lib/helpers.js';

const env = useServer({env: {Logging__LogLevel__Tidings: 'Debug'}});

test('closing a subscriber ends its streams quietly: a Debug line, no warning, no error', async () => {
  const project = uniqueProject();
  const pubsub = env.pubsub(project);
  const [topic] = await pubsub.createTopic('closing');
  await topic.createSubscription('closer');
  const name = `projects/${project}/subscriptions/closer`;

  for (let round = 0; round < 3; round++) {
    const subscription = pubsub.subscription('closer');
    const c = collect(subscription);
    await topic.publishMessage({data: Buffer.from(`round ${round}`)});
    await c.waitForCount(1);
    await subscription.close();
    c.throwIfFailed();
  }

  await waitFor(() => env.server.output().includes(`StreamingPull on ${name} ended by the client`), 10_000, {
    describe: () => 'no Debug line for the streams the client closed',
  });
  const loud = env.server.output().split('\n').filter(line => /^(warn|fail|crit): /.test(line));
  assert.deepEqual(loud, [], `the server logged closed streams above Debug:\n${env.server.output()}`);
});
