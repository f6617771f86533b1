// Opens STREAMS StreamingPull streams (two subscriptions, STREAMS/2 streams each) on a Tidings server and keeps
// them open, receiving nothing, for SECONDS. Usage: node idle-client.cjs PORT [STREAMS=10] [SECONDS=45]
const path = require('node:path');
const {PubSub} = require(path.resolve(process.env.COMPAT_DIR ?? '.', 'node_modules/@google-cloud/pubsub'));
const [port, streams = '10', seconds = '45'] = process.argv.slice(2);
process.env.PUBSUB_EMULATOR_HOST = `127.0.0.1:${port}`;
(async () => {
  const pubsub = new PubSub({projectId: 'idle'});
  const [topic] = await pubsub.createTopic('idle');
  const perSub = Number(streams) / 2;
  for (const name of ['idle-a', 'idle-b']) {
    const [sub] = await topic.createSubscription(name);
    const open = pubsub.subscription(name, {streamingOptions: {maxStreams: perSub}});
    open.on('message', m => m.ack());
    open.on('error', e => { console.error(e); process.exit(1); });
  }
  console.log('streams open');
  setTimeout(() => process.exit(0), Number(seconds) * 1000);
})();
