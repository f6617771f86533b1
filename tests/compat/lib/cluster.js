// A Tidings cluster for the tests: N server processes (lib/server.js) on one fresh PostgreSQL database, each on a
// port of its own that it keeps across restarts, so one can be killed -9 and started again where it was.
//
//   const cluster = await startCluster({nodes: 3});    // a fresh database, three nodes started at once
//   const owners = await cluster.owners();              // {pubsub, tasks, scheduler}: the node running each, once all serve
//                                                       // (with `--pubsub-cells N` among the args, pubsub-1 … too)
//   await cluster.kill(owners.pubsub);                  // SIGKILL: its PostgreSQL session dies, its unit locks pass
//   const next = await cluster.owners({not: owners.pubsub}); // the survivors that took its units, once they serve
//   await cluster.restart(owners.pubsub);               // the same node id, port and database again (another port if
//                                                       // a server of a test file running alongside took it)
//   await cluster.stop();                               // SIGTERM every node, then drop the database
//
// Each node runs `--store postgres --postgres <conn> --advertise-url http://127.0.0.1:<port> --node-id <id>
// --port <port> --cluster-heartbeat-ms <ms>`; its connections carry `Application Name=tidings-<id>`, so its sessions
// can be told apart in pg_stat_activity. With `--tls-cert` among the args every node serves that certificate, and
// advertises and is checked at https (trusting that certificate, as the nodes do each other's).

import {randomBytes} from 'node:crypto';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import {createServer} from 'node:net';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createDatabase} from './postgres.js';
import {startProcess} from './server.js';
import {waitFor} from './helpers.js';

const logDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'logs');

/** The units, each run by one node (src/Tidings/Cluster/ClusterUnit.cs). */
export const UNITS = ['pubsub', 'tasks', 'scheduler'];

/** The units of a cluster with Pub/Sub in `cells` cells: pubsub (cell 0), pubsub-1 … pubsub-{cells-1}, tasks, scheduler. */
export const unitsWithCells = cells =>
  ['pubsub', ...Array.from({length: cells - 1}, (_, i) => `pubsub-${i + 1}`), 'tasks', 'scheduler'];

/** The owner rows the cluster keeps (src/Tidings.Storage.Postgres/Migrations/0006_cluster_owners.sql). */
const OWNERS_SQL = 'SELECT unit, node_id, url, epoch FROM tidings_cluster_owners';

/** A port nobody listens on now (the OS picks it; a node binds it moments later). */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const {port} = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** GET `url`: {status, body}, trusting `ca` as well for https; fails when nothing answers within a second. */
function get(url, ca) {
  return new Promise((resolve, reject) => {
    const request = (url.startsWith('https:') ? https : http).get(url, {ca, timeout: 1_000}, response => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', chunk => (body += chunk));
      response.on('end', () => resolve({status: response.statusCode, body}));
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', reject);
  });
}

/** GET `path` on a node; its status, or 0 when nothing answers within a second. */
async function status(node, path) {
  try {
    return (await get(`${node.baseUrl}${path}`, node.ca)).status;
  } catch {
    return 0;
  }
}

/**
 * A node's own view of the cluster (`GET /clusterz`, never forwarded): {nodeId, advertiseUrl, units: {pubsub: {role:
 * 'none'|'opening'|'owning', owner: {nodeId, url, epoch}|null}, tasks: …, scheduler: …}, nodes: [{nodeId, url}]};
 * null when it does not answer.
 */
export async function clusterStatus(node) {
  try {
    const response = await get(`${node.baseUrl}/clusterz`, node.ca);
    return response.status === 200 ? JSON.parse(response.body) : null;
  } catch {
    return null;
  }
}

/** A publish over REST, no client retries: when did this node answer one again? Resolves with the id or null. */
export async function probePublish(node, topicName, data) {
  try {
    const response = await fetch(`${node.baseUrl}/v1/${topicName}:publish`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({messages: [{data: Buffer.from(data).toString('base64')}]}),
      signal: AbortSignal.timeout(2_000),
    });
    if (response.status !== 200) return null;
    return (await response.json()).messageIds[0];
  } catch {
    return null;
  }
}

/**
 * Starts a cluster.
 *
 * @param {object} [opts]
 * @param {number} [opts.nodes=3]          how many nodes
 * @param {object} [opts.database]         a database from lib/postgres.js to use (a restart of a cluster), else a fresh one
 * @param {number[]} [opts.ports]          their ports (default free ones)
 * @param {string[]} [opts.ids]            their node ids (default n1-<tag>, n2-<tag>, …)
 * @param {number} [opts.heartbeatMs=1000] `--cluster-heartbeat-ms`
 * @param {boolean} [opts.staggered]       start each node once the one before listens: the first, alone for its
 *                                         join window, may take every unit (default: all at once)
 * @param {string[]} [opts.args]           more flags for every node
 * @param {object} [opts.env]              more environment variables for every node
 */
export async function startCluster(opts = {}) {
  const count = opts.nodes ?? 3;
  const heartbeatMs = opts.heartbeatMs ?? 1000;
  const tag = randomBytes(3).toString('hex');
  const database = opts.database ?? (await createDatabase());
  const ports = opts.ports ?? [];
  const nodes = [];
  const tlsCertAt = opts.args?.indexOf('--tls-cert') ?? -1;
  const ca = tlsCertAt >= 0 ? readFileSync(opts.args[tlsCertAt + 1]) : undefined;
  const scheme = ca ? 'https' : 'http';
  const cellsAt = opts.args?.indexOf('--pubsub-cells') ?? -1;
  const units = cellsAt >= 0 ? unitsWithCells(Number(opts.args[cellsAt + 1])) : UNITS;
  for (let i = 0; i < count; i++) {
    const port = ports[i] ?? (await freePort());
    const id = opts.ids?.[i] ?? `n${i + 1}-${tag}`;
    nodes.push({
      id,
      port,
      host: `127.0.0.1:${port}`,
      baseUrl: `${scheme}://127.0.0.1:${port}`,
      ca,
      process: undefined,
      // Output of the node's earlier runs (before restarts), kept for the log.
      pastOutput: '',
      alive: () => nodes[i].process !== undefined && !nodes[i].process.exited(),
    });
  }

  const cluster = {
    database,
    nodes,
    heartbeatMs,
    /** Its units: UNITS, or unitsWithCells(N) with `--pubsub-cells N` among the args. */
    units,
    /** The owners found by the last `owners()` call: unit → node. */
    current: undefined,

    /** The owner rows as the database holds them now: {unit: {nodeId, url, epoch}}; units without a row are left out. */
    async ownerRows() {
      let rows;
      try {
        rows = await database.query(OWNERS_SQL);
      } catch (error) {
        // The table exists once a node migrated the schema.
        if (/does not exist/.test(error.message)) return {};
        throw error;
      }
      return Object.fromEntries(rows.map(([unit, nodeId, url, epoch]) => [unit, {nodeId, url, epoch: Number(epoch)}]));
    },

    /**
     * Waits until every unit is recorded in the database as owned by a live node (never `not`) that says it runs the
     * unit (its engine is open), every other live node names that owner, and every live node is ready; returns
     * unit → node for every unit of `units`.
     */
    async owners({not, timeoutMs = 30_000} = {}) {
      let last = 'no owner rows yet';
      const found = await waitFor(async () => {
        const rows = await cluster.ownerRows();
        last = `owner rows ${JSON.stringify(rows)}; alive: ${nodes.filter(n => n.alive()).map(n => n.id).join(', ')}`;
        const owners = {};
        for (const unit of units) {
          const node = nodes.find(n => n.id === rows[unit]?.nodeId);
          if (!node || node === not || !node.alive()) return null;
          owners[unit] = node;
        }
        for (const n of nodes.filter(x => x.alive())) {
          const view = await clusterStatus(n);
          const agrees = units.every(unit => owners[unit] === n
            ? view?.units?.[unit]?.role === 'owning'
            : view?.units?.[unit]?.role === 'none' && view.units[unit].owner?.nodeId === owners[unit].id);
          if (!agrees || (await status(n, '/readyz')) !== 200) {
            last += `; ${n.id} sees ${JSON.stringify(view)}`;
            return null;
          }
        }
        return owners;
      }, timeoutMs, {interval: 50, describe: () => `${last}\n…\n${cluster.output().split('\n').slice(-40).join('\n')}`});
      cluster.current = found;
      return found;
    },

    /** How many units `node` ran as of the last `owners()` call. */
    unitsOf: node => units.filter(unit => cluster.current?.[unit] === node).length,

    /** SIGKILL a node: no graceful stop, its PostgreSQL sessions end when the kernel closes their sockets. */
    async kill(node) {
      await node.process?.kill();
    },

    /** Starts a stopped or killed node again: same id, port and database. */
    async restart(node) {
      if (node.alive()) throw new Error(`${node.id} is still running`);
      for (let attempt = 1; ; attempt++) {
        try {
          await start(node);
          return;
        } catch (error) {
          // Free since the kill, its port may have been taken by a server of a test file running alongside: the node
          // comes back on another one (it advertises its new URL, as a node moved to another address would).
          if (attempt >= 3 || !/address already in use/.test(error.message)) throw error;
          node.port = await freePort();
          node.host = `127.0.0.1:${node.port}`;
          node.baseUrl = `${scheme}://127.0.0.1:${node.port}`;
        }
      }
    },

    /** Stops every live node (SIGTERM, those running fewer units first) and drops the database unless `keepDatabase`. */
    async stop({keepDatabase = false} = {}) {
      const order = [...nodes].sort((a, b) => cluster.unitsOf(a) - cluster.unitsOf(b));
      for (const node of order) await node.process?.stop();
      if (!keepDatabase) await database.drop();
    },

    /** Writes `output()` to logs/<name>.log under tests/compat (git ignores it); returns the path. */
    saveLog(name) {
      const file = path.join(logDir, `${name}.log`);
      mkdirSync(logDir, {recursive: true});
      writeFileSync(file, cluster.output());
      return file;
    },

    /** Every node's output so far, each line marked with the node's id. */
    output() {
      return nodes
        .map(n => `${n.pastOutput}${n.process?.output() ?? ''}`.split('\n').filter(Boolean).map(line => `[${n.id}] ${line}`).join('\n'))
        .join('\n') + '\n';
    },
  };

  async function start(node) {
    if (node.process) node.pastOutput += node.process.output();
    node.process = await startProcess({
      postgres: database.connectionString(`tidings-${node.id}`),
      port: node.port,
      label: node.id,
      args: [
        '--advertise-url', node.baseUrl,
        '--node-id', node.id,
        '--cluster-heartbeat-ms', String(heartbeatMs),
        ...(opts.args ?? []),
      ],
      env: opts.env,
    });
  }

  try {
    if (opts.staggered) {
      for (const node of nodes) await start(node);
    } else {
      await Promise.all(nodes.map(start));
    }
  } catch (error) {
    await Promise.all(nodes.map(n => n.process?.kill()));
    if (!opts.database) await database.drop();
    throw error;
  }
  return cluster;
}
