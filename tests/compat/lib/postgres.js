// The PostgreSQL server the cluster tests run on, reached through the `psql` CLI (no Node driver needed): a database
// of its own per cluster, created empty and dropped afterwards, and plain queries.
//
//   const db = await createDatabase();     // tidings_compat_<random>, on TIDINGS_TEST_POSTGRES or the loopback server
//   db.connectionString('node-a')           // an Npgsql connection string for a node (Application Name tidings-node-a)
//   await db.query('SELECT 1')               // rows as arrays of strings
//   await db.drop()                          // DROP DATABASE … WITH (FORCE); also done at process exit if forgotten
//
// The server is the one the .NET tests use (tests/Tidings.Testing/TestPostgres.cs): TIDINGS_TEST_POSTGRES, an Npgsql
// connection string, or by default the loopback server scripts/test-postgres.sh starts with the tidings role.

import {execFile, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';

export const defaultServer = 'Host=127.0.0.1;Port=5432;Username=tidings;Password=tidings;Database=postgres';

// Npgsql's keywords (case-insensitive, several aliases each) for the parts psql needs.
const keywords = {
  host: ['host', 'server'],
  port: ['port'],
  user: ['username', 'user id', 'userid', 'user name', 'user'],
  password: ['password', 'pwd'],
  database: ['database', 'db'],
};

/** The parts of an Npgsql connection string ("Host=…;Port=…;…") that psql and a new node need. */
export function parseConnectionString(text) {
  const parts = {host: '127.0.0.1', port: '5432', user: '', password: '', database: 'postgres'};
  for (const pair of text.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const key = pair.slice(0, eq).trim().toLowerCase();
    const value = pair.slice(eq + 1).trim();
    const part = Object.keys(keywords).find(k => keywords[k].includes(key));
    if (part) parts[part] = value;
  }
  return parts;
}

export const server = parseConnectionString(process.env.TIDINGS_TEST_POSTGRES || defaultServer);

function psqlEnv(database) {
  return {
    ...process.env,
    PGHOST: server.host,
    PGPORT: server.port,
    PGUSER: server.user,
    PGPASSWORD: server.password,
    PGDATABASE: database,
    PGCONNECT_TIMEOUT: '5',
  };
}

const psqlArgs = sql => ['-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql];

/** Runs `sql` with psql on `database`; resolves with the rows, each an array of column texts. */
export function psql(database, sql) {
  return new Promise((resolve, reject) => {
    execFile('psql', psqlArgs(sql), {env: psqlEnv(database), timeout: 30_000}, (error, stdout, stderr) => {
      if (error) {
        const where = `${server.user}@${server.host}:${server.port}/${database}`;
        reject(new Error(
          `psql on ${where} failed: ${stderr.trim() || error.message}\n` +
            'The cluster tests need PostgreSQL: run scripts/test-postgres.sh, or set TIDINGS_TEST_POSTGRES.',
        ));
        return;
      }
      resolve(stdout.split('\n').filter(line => line.length > 0).map(line => line.split('\t')));
    });
  });
}

// Databases created and not yet dropped; dropped synchronously when the test process exits, whatever the reason.
const undropped = new Set();

process.on('exit', () => {
  for (const name of undropped) {
    spawnSync('psql', psqlArgs(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`), {env: psqlEnv(server.database), timeout: 10_000});
  }
  undropped.clear();
});

/** Creates an empty database of its own on the test server. */
export async function createDatabase(prefix = 'tidings_compat') {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await psql(server.database, `CREATE DATABASE ${name}`);
  undropped.add(name);
  return {
    name,
    /** An Npgsql connection string for this database; `applicationName` makes a node's sessions known in pg_stat_activity. */
    connectionString(applicationName) {
      const parts = [`Host=${server.host}`, `Port=${server.port}`, `Username=${server.user}`, `Password=${server.password}`, `Database=${name}`];
      if (applicationName) parts.push(`Application Name=${applicationName}`);
      return parts.join(';');
    },
    query: sql => psql(name, sql),
    async drop() {
      if (!undropped.delete(name)) return;
      await psql(server.database, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
