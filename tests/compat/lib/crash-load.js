// Load for the crash test, run as its own process so it can be killed with the server: publishers and
// subscribers on one subscription. Every answered publish is reported at once on stdout as "A <id>", every
// ack attempt as "K <id>", so the parent knows them even though this process dies mid-flight.
//
//   node lib/crash-load.js <host:port> <projectId> <topic> <subscription> <publishers>

import {PubSub} from '@google-cloud/pubsub';

const [host, projectId, topicId, subscriptionId, publishers] = process.argv.slice(2);
const pubsub = new PubSub({projectId, apiEndpoint: host, emulatorMode: true});
const out = line => process.stdout.write(`${line}\n`);

// Subscribers ack every other message, so both acked and unacked messages are in flight at the crash.
for (let s = 0; s < 2; s++) {
  const subscription = pubsub.subscription(subscriptionId, {flowControl: {maxMessages: 200}});
  subscription.on('error', () => {});
  subscription.on('message', message => {
    if (Number(message.data.toString().split('-')[2]) % 2 === 0) {
      out(`K ${message.id}`);
      message.ack();
    }
  });
}

for (let p = 0; p < Number(publishers); p++) {
  const topic = pubsub.topic(topicId, {batching: {maxMessages: 50, maxMilliseconds: 5}});
  (async () => {
    for (let i = 0; ; i++) {
      await Promise.all(
        Array.from({length: 20}, (_, j) =>
          topic.publishMessage({data: Buffer.from(`p${p}-b${i}-${j}`)}).then(id => out(`A ${id}`), () => {}),
        ),
      );
    }
  })();
}
