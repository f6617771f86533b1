// Starts and stops a real Tidings server process for the compatibility tests.
//
//   const server = await startServer();            // dotnet <dll> --host 127.0.0.1 --port 0 --in-memory
//   server.host   // '127.0.0.1:PORT' (gRPC and REST on the same port)
//   await server.stop();                            // SIGTERM, then SIGKILL after a grace period
//   await server.kill();                            // SIGKILL at once (crash simulation)
//   server.output();                                // everything the process wrote so far
//
// Environment:
//   TIDINGS_SERVER_DLL   path of Tidings.dll (default: <repo>/src/Tidings/bin/Debug/net10.0/Tidings.dll)
//   TIDINGS_DOTNET       the dotnet executable (default: `dotnet` on PATH)
//   TIDINGS_COMPAT_HOST  host:port of an already running server; nothing is spawned, stop()/kill()
//                        are no-ops (tests that need a restart skip themselves via `server.external`)
//   TIDINGS_SERVER_LOG   if set (to anything), the server's output is echoed to stderr as it arrives
//   TIDINGS_COMPAT_TOPOLOGY=cluster
//                        instead of one in-memory server, a two-node cluster on a fresh PostgreSQL database, whose
//                        follower is handed to the tests, so every call is forwarded (lib/cluster-topology.js)

import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startClusterServer} from './cluster-topology.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..', '..');
export const defaultDll = path.join(repoRoot, 'src', 'Tidings', 'bin', 'Debug', 'net10.0', 'Tidings.dll');

const LISTENING = /Tidings listening on 127\.0\.0\.1:(\d+)/;
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;

// Every child we started and have not yet seen exit. Killed on process exit, whatever the reason.
const live = new Set();

function killAllSync() {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

process.on('exit', killAllSync);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAllSync();
    // Re-raise so the exit status still says "killed by signal".
    process.kill(process.pid, signal);
  });
}

/**
 * Starts a Tidings server.
 *
 * @param {object} [opts]
 * @param {string} [opts.dataDir]   persistent storage directory; when given, `--in-memory` is not passed
 * @param {string} [opts.postgres]  an Npgsql connection string: `--store postgres --postgres <it>` instead of
 *                                  `--in-memory` (a cluster node: lib/cluster.js adds its other flags in `args`)
 * @param {number} [opts.port]      fixed port (default 0 = let the OS choose; use the old port to restart "in place")
 * @param {string[]} [opts.args]    extra command-line arguments appended at the end
 * @param {object} [opts.env]       extra environment variables for the child
 * @param {number} [opts.timeoutMs] how long to wait for the listening line (default 30 s)
 * @param {string} [opts.label]     how TIDINGS_SERVER_LOG marks this server's lines (default its pid)
 * @returns {Promise<{port:number, host:string, baseUrl:string, pid:number|undefined, external:boolean,
 *                    stop:() => Promise<void>, kill:() => Promise<void>, output:() => string,
 *                    exited:() => boolean}>}
 */
export async function startServer(opts = {}) {
  if (process.env.TIDINGS_COMPAT_HOST) {
    return externalServer(process.env.TIDINGS_COMPAT_HOST);
  }
  if (process.env.TIDINGS_COMPAT_TOPOLOGY === 'cluster' && !opts.postgres) {
    return startClusterServer(opts);
  }
  return startProcess(opts);
}

/** Starts one server process as startServer describes, whatever TIDINGS_COMPAT_TOPOLOGY says (lib/cluster.js). */
export async function startProcess(opts = {}) {
  const dll = process.env.TIDINGS_SERVER_DLL || defaultDll;
  if (!existsSync(dll)) {
    throw new Error(
      `Tidings server not found at ${dll}.\n` +
        `Build it first: (cd ${repoRoot} && dotnet build Tidings.slnx), or set TIDINGS_SERVER_DLL.`,
    );
  }
  const dotnet = process.env.TIDINGS_DOTNET || 'dotnet';
  const args = [dll, '--host', '127.0.0.1', '--port', String(opts.port ?? 0)];
  if (opts.postgres) {
    args.push('--store', 'postgres', '--postgres', opts.postgres);
  } else if (opts.dataDir) {
    args.push('--data-dir', opts.dataDir);
  } else {
    args.push('--in-memory');
  }
  args.push(...(opts.args ?? []));

  const child = spawn(dotnet, args, {
    cwd: repoRoot,
    env: {
      ...process.env,
      DOTNET_NOLOGO: '1',
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);

  const chunks = [];
  const output = () => chunks.join('');
  let exitInfo = null;
  const exited = new Promise(resolve => {
    child.once('exit', (code, signal) => {
      exitInfo = {code, signal};
      live.delete(child);
      resolve(exitInfo);
    });
  });
  // 'close' comes after 'exit' once stdout/stderr are drained: the complete output is known.
  const closed = new Promise(resolve => child.once('close', resolve));
  const echo = !!process.env.TIDINGS_SERVER_LOG;
  const label = opts.label ?? String(child.pid);

  const port = await new Promise((resolve, reject) => {
    let lineBuf = '';
    let settled = false;
    const finish = (err, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value);
    };
    const timeoutMs = opts.timeoutMs ?? START_TIMEOUT_MS;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(
        new Error(
          `Tidings did not print "Tidings listening on 127.0.0.1:<port>" within ${timeoutMs} ms.\n` +
            `Command: ${dotnet} ${args.join(' ')}\n--- output ---\n${output()}--- end of output ---`,
        ),
      );
    }, timeoutMs);

    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', text => {
      chunks.push(text);
      if (echo) process.stderr.write(`[tidings ${label}] ${text}`);
      lineBuf += text;
      let nl;
      while ((nl = lineBuf.indexOf('\n')) >= 0) {
        const line = lineBuf.slice(0, nl);
        lineBuf = lineBuf.slice(nl + 1);
        const m = LISTENING.exec(line);
        if (m) finish(null, Number(m[1]));
      }
      // A listening line without a trailing newline yet is still good enough.
      const m = LISTENING.exec(lineBuf);
      if (m) finish(null, Number(m[1]));
    });
    child.stderr.on('data', text => {
      chunks.push(text);
      if (echo) process.stderr.write(`[tidings ${label} stderr] ${text}`);
    });
    child.once('error', err => {
      finish(new Error(`Could not start ${dotnet}: ${err.message}\n--- output ---\n${output()}`));
    });
    closed.then(() => {
      const {code, signal} = exitInfo ?? {};
      finish(
        new Error(
          `Tidings exited before it was listening (code ${code}, signal ${signal}).\n` +
            `Command: ${dotnet} ${args.join(' ')}\n--- output ---\n${output()}--- end of output ---`,
        ),
      );
    });
  });

  async function stop() {
    if (exitInfo) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(t);
  }

  async function kill() {
    if (exitInfo) return;
    child.kill('SIGKILL');
    await exited;
  }

  return {
    port,
    host: `127.0.0.1:${port}`,
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid,
    external: false,
    dataDir: opts.dataDir,
    stop,
    kill,
    output,
    exited: () => exitInfo !== null,
    exitInfo: () => exitInfo,
  };
}

function externalServer(hostPort) {
  const m = /^(?:https?:\/\/)?([^/:]+):(\d+)\/?$/.exec(hostPort.trim());
  if (!m) throw new Error(`TIDINGS_COMPAT_HOST must be host:port, got "${hostPort}"`);
  const port = Number(m[2]);
  return {
    port,
    host: `${m[1]}:${port}`,
    baseUrl: `http://${m[1]}:${port}`,
    pid: undefined,
    external: true,
    dataDir: undefined,
    stop: async () => {},
    kill: async () => {},
    output: () => '(external server: output not captured)\n',
    exited: () => false,
    exitInfo: () => null,
  };
}
