// Runs the Google Cloud CLI (`gcloud`) against a Tidings server, as a user would after the two config commands
// README shows, with a throw-away configuration directory (CLOUDSDK_CONFIG): ~/.config/gcloud is never touched.
//
//   const env = useServer();
//   const gcloud = useGcloud(env);                  // before: configures; after: deletes the config directory
//   const r = await gcloud.run(['pubsub', 'topics', 'list'], {project: 'p-1'});
//   r.code, r.stdout, r.stderr, r.json()
//
// Environment:
//   TIDINGS_GCLOUD   the gcloud executable (default: `gcloud` on PATH)

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {accessSync, constants, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after} from 'node:test';

const CALL_TIMEOUT_MS = 60_000;

/** The gcloud executable, or an error that says how to get one (the suite fails rather than skips without it). */
export function findGcloud() {
  const wanted = process.env.TIDINGS_GCLOUD || 'gcloud';
  const candidates = wanted.includes(path.sep)
    ? [wanted]
    : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map(dir => path.join(dir, wanted));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(
    `The Google Cloud CLI (${wanted}) was not found${wanted.includes(path.sep) ? '' : ' on PATH'}. The gcloud compatibility tests need it: install the ` +
      'Google Cloud SDK (https://cloud.google.com/sdk/docs/install) or set TIDINGS_GCLOUD to the executable.',
  );
}

/**
 * A gcloud runner for `env.server`: the first call points a fresh gcloud configuration at the server (the
 * `api_endpoint_overrides` of each of `services`, Pub/Sub's by default), an `after` hook deletes it. `run` adds
 * `--project` and `--quiet` when a project is given.
 */
export function useGcloud(env, {services = ['pubsub']} = {}) {
  const runner = {
    executable: undefined,
    configDir: undefined,
    /** Number of gcloud processes started so far (each costs a Python start-up). */
    calls: 0,
    run: undefined,
    /** Runs and asserts exit code 0; returns the result. */
    async ok(args, opts) {
      const result = await runner.run(args, opts);
      assert.equal(result.code, 0, `${result.command} exited with ${result.code}\n${result.stderr}`);
      return result;
    },
    /** Runs and asserts gcloud failed (exit code 1, an API or request error); returns the result. */
    async fails(args, opts) {
      const result = await runner.run(args, opts);
      assert.equal(result.code, 1, `${result.command} should have failed with exit code 1, got ${result.code}\n` +
        `stdout: ${result.stdout}\nstderr: ${result.stderr}`);
      return result;
    },
  };

  // Configured on first use rather than in a `before` hook: root hooks of one file don't wait for each other, so
  // useServer's server may not be up yet when another `before` runs.
  let configured;
  async function configure() {
    runner.executable = findGcloud();
    runner.configDir = mkdtempSync(path.join(os.tmpdir(), 'tidings-gcloud-'));
    // The commands README tells users to run: one endpoint override per service, then no credentials.
    for (const service of services) {
      const endpoint = await runGcloud(runner, ['config', 'set', `api_endpoint_overrides/${service}`, `${env.server.baseUrl}/`]);
      assert.equal(endpoint.code, 0, endpoint.stderr);
      assert.match(endpoint.stderr, new RegExp(`^Updated property \\[api_endpoint_overrides/${service}\\]\\.$`, 'm'));
    }
    const credentials = await runGcloud(runner, ['config', 'set', 'auth/disable_credentials', 'true']);
    assert.equal(credentials.code, 0, credentials.stderr);
    assert.match(credentials.stderr, /^Updated property \[auth\/disable_credentials\]\.$/m);
  }
  runner.run = async (args, opts) => {
    configured ??= configure();
    await configured;
    return runGcloud(runner, args, opts);
  };

  after(() => {
    if (runner.configDir) rmSync(runner.configDir, {recursive: true, force: true});
  });

  return runner;
}

/**
 * Runs gcloud once. Resolves with {code, stdout, stderr, command, json()} whatever the exit code; rejects only if
 * the process could not start or ran longer than a minute.
 */
function runGcloud(runner, args, {project} = {}) {
  const fullArgs = project ? [...args, `--project=${project}`, '--quiet'] : [...args];
  const command = `gcloud ${fullArgs.join(' ')}`;
  runner.calls += 1;
  return new Promise((resolve, reject) => {
    const child = spawn(runner.executable, fullArgs, {env: gcloudEnv(runner.configDir), stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', text => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', text => (stderr += text));
    const timer = setTimeout(() => child.kill('SIGKILL'), CALL_TIMEOUT_MS);
    child.once('error', err => {
      clearTimeout(timer);
      reject(new Error(`Could not start ${runner.executable}: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) {
        reject(new Error(`${command} was killed (${signal}) after ${CALL_TIMEOUT_MS} ms\nstderr: ${stderr}`));
        return;
      }
      resolve({
        code,
        stdout,
        stderr,
        command,
        json() {
          try {
            return JSON.parse(stdout);
          } catch (e) {
            throw new Error(`${command} did not print JSON (${e.message}):\n${stdout}\nstderr: ${stderr}`);
          }
        },
      });
    });
  });
}

/**
 * The caller's environment without CLOUDSDK_* properties of its own (only the choice of Python is kept), plus what
 * makes gcloud quiet and local.
 */
function gcloudEnv(configDir) {
  const keep = name => !name.startsWith('CLOUDSDK_') || name.startsWith('CLOUDSDK_PYTHON');
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => keep(name)));
  delete env.GOOGLE_APPLICATION_CREDENTIALS;
  return {
    ...env,
    CLOUDSDK_CONFIG: configDir,
    CLOUDSDK_CORE_DISABLE_PROMPTS: '1',
    // No network calls besides ours: no update check, no survey, no usage reporting, no metadata server probe.
    CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: '1',
    CLOUDSDK_SURVEY_DISABLE_PROMPTS: '1',
    CLOUDSDK_CORE_DISABLE_USAGE_REPORTING: '1',
    CLOUDSDK_CORE_CHECK_GCE_METADATA: 'false',
  };
}
