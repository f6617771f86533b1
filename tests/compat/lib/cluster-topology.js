// TIDINGS_COMPAT_TOPOLOGY=cluster: what startServer() starts instead of one in-memory server, so the compatibility
// files run unchanged against a cluster. Two nodes on a fresh PostgreSQL database, started at once (on a busy
// machine two processes starting together get twice the CPU one does); they share the three services (Pub/Sub, Cloud
// Tasks, Cloud Scheduler) between them, and the tests get the address of the one running fewer: the calls they make
// for the other's services are forwarded (unary and streaming gRPC, REST), and a job's Pub/Sub target may publish
// through the other node.
//
// The single-server contract maps onto it as follows:
//   kill()                     SIGKILL both nodes (the whole service goes down, as one server does)
//   stop()                     SIGTERM both nodes, then drop the database unless a dataDir names it
//   startServer({dataDir})     the dataDir names a database: the first call creates it, a later one (after kill or
//                              stop) starts the same two nodes on it again, as a restart on the same directory does
//   startServer({port})        one of the two nodes listens on that port (a restart in place); the address handed
//                              out is still the one running fewer services, whichever port it has
//   output()                   both nodes' output, each line marked with the node id
// Databases named by a dataDir are dropped when the test process exits (lib/postgres.js).

import {clusterStatus, startCluster, freePort} from './cluster.js';
import {waitFor} from './helpers.js';
import {createDatabase} from './postgres.js';

// Short heartbeats: every file starts a cluster of its own, and a node waits two heartbeats before it takes a share
// and two more before it opens a unit's engine.
const HEARTBEAT_MS = 500;

// TIDINGS_COMPAT_PUBSUB_CELLS=N splits Pub/Sub into N cells (--pubsub-cells), which the two nodes share: a call for a
// topic, subscription or snapshot then goes to the node running its cell, and listings gather both nodes' cells.
const CELLS = process.env.TIDINGS_COMPAT_PUBSUB_CELLS ? ['--pubsub-cells', process.env.TIDINGS_COMPAT_PUBSUB_CELLS] : [];

/** Clusters by the dataDir the test passed: their database, ports and node ids, for a restart on the same data. */
const byDataDir = new Map();

export async function startClusterServer(opts = {}) {
  const known = opts.dataDir ? byDataDir.get(opts.dataDir) : undefined;
  const database = known?.database ?? (await createDatabase());
  // A restart keeps both nodes' ports (the one handed out before is among them); a new cluster takes `port` for one.
  const ports = known?.ports ?? [await freePort(), opts.port ?? (await freePort())];
  const cluster = await startCluster({
    nodes: 2,
    database,
    ports,
    ids: known?.ids,
    heartbeatMs: HEARTBEAT_MS,
    args: [...CELLS, ...(opts.args ?? [])],
    env: opts.env,
  });
  await cluster.owners();
  if (CELLS.length > 0) await settled(cluster);
  const follower = [...cluster.nodes].sort((a, b) => cluster.unitsOf(a) - cluster.unitsOf(b))[0];
  if (opts.dataDir) {
    byDataDir.set(opts.dataDir, {database, ports, ids: cluster.nodes.map(n => n.id)});
  }

  return {
    port: follower.port,
    host: follower.host,
    baseUrl: follower.baseUrl,
    pid: follower.process.pid,
    external: false,
    dataDir: opts.dataDir,
    cluster,
    async stop() {
      await cluster.stop({keepDatabase: opts.dataDir !== undefined});
    },
    async kill() {
      await Promise.all(cluster.nodes.map(n => cluster.kill(n)));
    },
    output: () => cluster.output(),
    exited: () => cluster.nodes.every(n => !n.alive()),
    exitInfo: () => follower.process.exitInfo(),
  };
}

/**
 * With cells, waits until every unit (each cell included) runs on one node and neither node holds two more than the
 * other: until then the node holding more hands cells to the other (src/Tidings/Cluster/CellHandback.cs), and a test
 * would see its streams moved.
 */
async function settled(cluster) {
  let last = '';
  await waitFor(async () => {
    const views = await Promise.all(cluster.nodes.map(clusterStatus));
    if (views.some(v => !v)) return false;
    const units = Object.keys(views[0].units);
    const owning = views.map(v => units.filter(u => v.units[u].role === 'owning').length);
    last = JSON.stringify(views.map(v => v.units));
    return units.every(u => views.filter(v => v.units[u].role === 'owning').length === 1)
      && Math.max(...owning) - Math.min(...owning) <= 1;
  }, 60_000, {interval: 100, describe: () => `the cells to settle over the nodes: ${last}`});
}
