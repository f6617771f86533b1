// What a change of owner costs a cell's topics, by cause: a graceful stop (SIGTERM: its units marked left, taken at
// the survivor's next heartbeat without the grace), a kill -9 (its locks freed by PostgreSQL and the node no longer
// counted live, its units taken by share at the survivor's next heartbeat, then the grace), and a handback (the node started again is handed cells by the survivor). Two
// nodes on a fresh PostgreSQL database with Pub/Sub in four cells, one topic in each; a REST publish to every topic
// through the survivor every 100 ms, each awaited on its own (2 s timeout). For each event, per topic whose cell
// changed owner: the time from the event until a publish sent after it was answered (stop, kill), or the longest
// stretch between two answered publishes (handback). Nothing else runs; the default 1 s heartbeat.
// Usage (a Debug build of src/Tidings, PostgreSQL as scripts/test-postgres.sh sets it up):
//   node bench/results/cluster-cells/handover.mjs [ROUNDS=3]

import {clusterStatus, probePublish, startCluster} from '../../../tests/compat/lib/cluster.js';
import {sleep, waitFor} from '../../../tests/compat/lib/helpers.js';

const CELLS = 4;
const ROUNDS = Number(process.argv[2] ?? 3);

function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

const topics = Array.from({length: CELLS}, (_, cell) => {
  for (let i = 0; ; i++) {
    const name = `projects/handover/topics/t-${i}`;
    if (fnv1a(name) % CELLS === cell) return {name, cell, unit: cell === 0 ? 'pubsub' : `pubsub-${cell}`};
  }
});

/** Every unit run by one node and neither holding two more than the other; returns node id → units. */
async function settled(cluster) {
  return waitFor(async () => {
    const views = await Promise.all(cluster.nodes.filter(n => n.alive()).map(clusterStatus));
    if (views.some(v => !v)) return null;
    const units = Object.keys(views[0].units);
    const byNode = Object.fromEntries(views.map(v => [v.nodeId, units.filter(u => v.units[u].role === 'owning')]));
    const counts = Object.values(byNode).map(u => u.length);
    const single = units.every(u => views.filter(v => v.units[u].role === 'owning').length === 1);
    return single && Math.max(...counts) - Math.min(...counts) <= 1 ? byNode : null;
  }, 90_000, {interval: 100});
}

/** Publishes to every topic through `node` every 100 ms until stopped; records [topic, sentAt, answeredAt|null]. */
function probe(node) {
  const records = [];
  let running = true;
  const loop = (async () => {
    const pending = [];
    for (let n = 0; running; n++) {
      for (const topic of topics) {
        const sentAt = Date.now();
        pending.push(probePublish(node, topic.name, `p${n}`).then(id => records.push([topic.name, sentAt, id ? Date.now() : null])));
      }
      await sleep(100);
    }
    await Promise.all(pending);
  })();
  return {records, stop: async () => { running = false; await loop; }};
}

const outage = (records, topic, at) => {
  const answered = records.filter(([t, sent, done]) => t === topic && sent >= at && done !== null).map(r => r[2]);
  return answered.length ? Math.min(...answered) - at : NaN;
};
const longestGap = (records, topic, from) => {
  const done = records.filter(([t, sent, d]) => t === topic && sent >= from && d !== null).map(r => r[2]).sort((a, b) => a - b);
  return done.slice(1).reduce((max, d, i) => Math.max(max, d - done[i]), 0);
};

const results = [];
for (let round = 1; round <= ROUNDS; round++) {
  const cluster = await startCluster({nodes: 2, args: ['--pubsub-cells', String(CELLS)]});
  try {
    let owners = await settled(cluster);
    for (const topic of topics) {
      const response = await fetch(`${cluster.nodes[0].baseUrl}/v1/${topic.name}`, {method: 'PUT', headers: {'content-type': 'application/json'}, body: '{}'});
      if (response.status !== 200) throw new Error(`creating ${topic.name}: ${response.status}`);
    }
    for (const cause of ['stop', 'kill']) {
      // The victim: the node running cell 0's topic... or any cell; the survivor probes.
      const victim = cluster.nodes.find(n => owners[n.id].some(u => u.startsWith('pubsub')));
      const survivor = cluster.nodes.find(n => n !== victim);
      const moved = topics.filter(t => owners[victim.id].includes(t.unit));
      const probing = probe(survivor);
      await sleep(1_000);
      const at = Date.now();
      if (cause === 'stop') await victim.process.stop(); else await cluster.kill(victim);
      await waitFor(() => moved.every(t => probing.records.some(([n, sent, done]) => n === t.name && sent >= at && done !== null)), 60_000, {interval: 50});
      const restartedAt = Date.now();
      await cluster.restart(victim);
      owners = await settled(cluster);
      const handedBack = topics.filter(t => owners[victim.id].includes(t.unit));
      await sleep(1_000);
      await probing.stop();
      const row = {
        round, cause,
        outageMs: moved.map(t => outage(probing.records, t.name, at)),
        handedBack: handedBack.map(t => t.unit),
        handbackGapMs: handedBack.map(t => longestGap(probing.records, t.name, restartedAt)),
        otherGapMs: topics.filter(t => !moved.includes(t) && !handedBack.includes(t)).map(t => longestGap(probing.records, t.name, at)),
      };
      results.push(row);
      console.log(JSON.stringify(row));
    }
  } finally {
    await cluster.stop().catch(() => {});
    cluster.saveLog(`handover-${round}`);
  }
}

const all = (cause, key) => results.filter(r => r.cause === cause).flatMap(r => r[key]).filter(Number.isFinite);
const range = xs => (xs.length ? `${(Math.min(...xs) / 1000).toFixed(2)}–${(Math.max(...xs) / 1000).toFixed(2)} s (${xs.length})` : 'none');
console.log(`graceful stop: topics of the stopped node's cells answered again after ${range(all('stop', 'outageMs'))}`);
console.log(`kill -9:       topics of the killed node's cells answered again after ${range(all('kill', 'outageMs'))}`);
console.log(`handback:      longest gap of a handed-back topic ${range([...all('stop', 'handbackGapMs'), ...all('kill', 'handbackGapMs')])}`);
console.log(`untouched:     longest gap of a topic whose cell stayed ${range([...all('stop', 'otherGapMs'), ...all('kill', 'otherGapMs')])}`);
