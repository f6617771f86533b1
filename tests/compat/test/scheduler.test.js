// Cloud Scheduler through Google's official Node client (@google-cloud/scheduler 6.0.0) over gRPC and over its REST
// fallback, and through gcloud, against one durable Tidings server: job lifecycle and Google's errors, a RunJob
// whose request (headers included) arrives at a local receiver, a Pub/Sub target delivering to a subscription, and a
// job firing on its own every minute in real time, killed with SIGKILL while its attempt is in flight and restarted
// without that run being sent again.
//
// One real-time wait: the every-minute job is created by the first test and checked by the last, so the minute it
// may take to fire overlaps the other tests.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {useGcloud} from '../lib/gcloud.js';
import {Code, collect, expectGrpcError, sleep, uniqueId, uniqueProject, useServer, waitFor} from '../lib/helpers.js';
import {reply, startReceiver} from '../lib/receiver.js';
import {startServer} from '../lib/server.js';

const require = createRequire(import.meta.url);
const {CloudSchedulerClient} = require('@google-cloud/scheduler');
// The client's own google-gax and google-auth-library: a second copy of grpc-js refuses foreign credentials.
const fromScheduler = createRequire(require.resolve('@google-cloud/scheduler'));
const {grpc} = fromScheduler('google-gax');
const {PassThroughClient} = fromScheduler('google-auth-library');

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tidings-scheduler-'));
const env = useServer({dataDir});
const gcloud = useGcloud(env, {services: ['cloudscheduler', 'pubsub']});
const receivers = [];
const LOCATION = 'us-central1';

after(async () => {
  for (const receiver of receivers) await receiver.close();
  rmSync(dataDir, {recursive: true, force: true});
});

async function receiver() {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}

/** The gRPC client as the reference shows it: insecure credentials from the client's own gax, no ADC probe. */
function grpcClient() {
  const client = new CloudSchedulerClient({
    apiEndpoint: '127.0.0.1',
    port: env.server.port,
    sslCreds: grpc.credentials.createInsecure(),
    universeDomain: 'googleapis.com',
  });
  env.closers.add(() => client.close());
  return client;
}

/** The REST fallback over plain HTTP without credentials. */
function restClient() {
  const client = new CloudSchedulerClient({
    fallback: true,
    protocol: 'http',
    apiEndpoint: '127.0.0.1',
    port: env.server.port,
    authClient: new PassThroughClient(),
    universeDomain: 'googleapis.com',
  });
  env.closers.add(() => client.close());
  return client;
}

const parentOf = project => `projects/${project}/locations/${LOCATION}`;
const rfc3339WithOffset = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/;

// The every-minute job of the last test, and its receiver, which holds the first request open.
const tick = {project: uniqueProject('tick'), receiver: undefined, name: undefined};

test('gRPC: an every-minute job in America/New_York is created with its next schedule time', async () => {
  tick.receiver = await receiver();
  tick.receiver.enqueue(reply.hang);
  const [job] = await grpcClient().createJob({
    parent: parentOf(tick.project),
    job: {name: `${parentOf(tick.project)}/jobs/tick`, schedule: '* * * * *', timeZone: 'America/New_York', httpTarget: {uri: tick.receiver.url}},
  });
  tick.name = job.name;
  assert.equal(job.state, 'ENABLED');
  const next = Number(job.scheduleTime.seconds) * 1000;
  assert.ok(next > Date.now() - 1000 && next <= Date.now() + 60_000 && next % 60_000 === 0, `scheduleTime ${next}`);
});

test('gRPC: App Engine\'s English-like schedules (as Firebase creates them) are accepted and kept as written', async () => {
  const client = grpcClient();
  const parent = parentOf(uniqueProject('english'));
  const http = {uri: 'http://127.0.0.1:9/never'};

  const before = Date.now();
  const [interval] = await client.createJob({parent, job: {name: `${parent}/jobs/firebase`, schedule: 'every 5 minutes', httpTarget: http}});
  const [weekly] = await client.createJob({parent, job: {name: `${parent}/jobs/weekly`, schedule: 'every monday 09:00', timeZone: 'Europe/Berlin', httpTarget: http}});

  assert.equal(interval.schedule, 'every 5 minutes');
  const next = Number(interval.scheduleTime.seconds) * 1000;
  assert.ok(next >= before + 299_000 && next <= Date.now() + 301_000, `scheduleTime ${next}`);
  const monday = new Date(Number(weekly.scheduleTime.seconds) * 1000);
  assert.equal(new Intl.DateTimeFormat('en-GB', {timeZone: 'Europe/Berlin', weekday: 'long', hour: '2-digit', minute: '2-digit'}).format(monday), 'Monday 09:00');
  await expectGrpcError(client.createJob({parent, job: {name: `${parent}/jobs/bad`, schedule: 'every 5 seconds', httpTarget: http}}),
    Code.INVALID_ARGUMENT, 'Schedule or time zone is invalid.');
});

test('gRPC: create, get, list with paging, update with a mask, pause, resume, delete, and Google\'s errors', async () => {
  const client = grpcClient();
  const project = uniqueProject('grpc');
  const parent = parentOf(project);
  const http = {uri: 'http://127.0.0.1:9/never', httpMethod: 'GET'};
  const [created] = await client.createJob({parent, job: {name: `${parent}/jobs/alpha`, schedule: '0 9 * * MON-FRI', timeZone: 'Europe/Berlin', httpTarget: http}});
  assert.equal(created.httpTarget.httpMethod, 'GET');
  assert.equal(created.attemptDeadline.seconds, '180');
  assert.equal(created.retryConfig.maxDoublings, 5);
  assert.equal(created.retryConfig.minBackoffDuration.seconds, '5');
  assert.deepEqual((await client.getJob({name: created.name}))[0], created);

  const [generated] = await client.createJob({parent, job: {schedule: '*/5 * * * *', httpTarget: http}});
  assert.match(generated.name, new RegExp(`^${parent}/jobs/\\d{20}$`));
  await client.createJob({parent, job: {name: `${parent}/jobs/gamma`, schedule: '0 0 1 JAN *', httpTarget: http}});
  const [page, next] = await client.listJobs({parent, pageSize: 2}, {autoPaginate: false});
  assert.equal(page.length, 2);
  assert.ok(next?.pageToken, 'a second page');
  const all = [];
  for await (const job of client.listJobsAsync({parent, pageSize: 2})) all.push(job.name);
  assert.equal(all.length, 3);

  const [updated] = await client.updateJob({
    job: {name: created.name, schedule: '30 8 * * *', description: 'ignored', retryConfig: {retryCount: 3}},
    updateMask: {paths: ['schedule', 'retry_config.retry_count']},
  });
  assert.equal(updated.schedule, '30 8 * * *');
  assert.equal(updated.description, '');
  assert.equal(updated.retryConfig.retryCount, 3);

  const [paused] = await client.pauseJob({name: created.name});
  assert.equal(paused.state, 'PAUSED');
  await expectGrpcError(client.pauseJob({name: created.name}), Code.FAILED_PRECONDITION, 'Job has been paused.');
  assert.equal((await client.resumeJob({name: created.name}))[0].state, 'ENABLED');

  await expectGrpcError(client.createJob({parent, job: {name: created.name, schedule: '* * * * *', httpTarget: http}}),
    Code.ALREADY_EXISTS, `Job ${created.name} already exists.`);
  await expectGrpcError(client.createJob({parent, job: {name: `${parent}/jobs/bad`, schedule: '* * * * *', timeZone: 'EST', httpTarget: http}}),
    Code.INVALID_ARGUMENT, 'Schedule or time zone is invalid.');
  await expectGrpcError(client.createJob({parent, job: {name: `${parent}/jobs/bad`, schedule: '61 * * * *', httpTarget: http}}),
    Code.INVALID_ARGUMENT, 'Schedule or time zone is invalid.');
  await expectGrpcError(client.createJob({parent, job: {name: `${parent}/jobs/bad`, schedule: '* * * * *', httpTarget: http, retryConfig: {retryCount: 6}}}),
    Code.INVALID_ARGUMENT);
  await expectGrpcError(client.createJob({parent, job: {name: `${parent}/jobs/bad`, schedule: '* * * * *', httpTarget: http, attemptDeadline: {seconds: 3600}}}),
    Code.INVALID_ARGUMENT, 'attempt_deadline must be between 15s and 30m0s');
  await expectGrpcError(client.createJob({parent, job: {name: `${parent}/jobs/bad`, schedule: '* * * * *', pubsubTarget: {topicName: `projects/${project}/topics/topic`}}}),
    Code.INVALID_ARGUMENT, 'Pubsub message must contain either non-empty data, or at least one attribute.');

  await client.deleteJob({name: created.name});
  await expectGrpcError(client.getJob({name: created.name}), Code.NOT_FOUND, 'Job not found.');
  await expectGrpcError(client.deleteJob({name: created.name}), Code.NOT_FOUND, 'Job not found.');
});

test('gRPC: RunJob reaches a local receiver with Google\'s headers; a 500 is recorded as INTERNAL', async () => {
  const client = grpcClient();
  const target = await receiver();
  const parent = parentOf(uniqueProject('run'));
  const [job] = await client.createJob({parent, job: {
    name: `${parent}/jobs/runner`,
    schedule: '0 0 1 1 *',
    timeZone: 'Asia/Kolkata',
    httpTarget: {uri: target.url, body: Buffer.from('{"hello":1}'), headers: {'X-Custom': 'yes', 'User-Agent': 'mine'}},
  }});

  const [ran] = await client.runJob({name: job.name});
  assert.ok(ran.lastAttemptTime, 'lastAttemptTime set by RunJob');
  const request = await target.waitForRequest(1);
  assert.equal(request.method, 'POST');
  assert.equal(request.text(), '{"hello":1}');
  assert.equal(request.headers['x-cloudscheduler'], 'true');
  assert.equal(request.headers['x-cloudscheduler-jobname'], 'runner');
  assert.match(request.headers['x-cloudscheduler-scheduletime'], rfc3339WithOffset);
  assert.ok(request.headers['x-cloudscheduler-scheduletime'].endsWith('+05:30'), request.headers['x-cloudscheduler-scheduletime']);
  assert.equal(request.headers['user-agent'], 'Google-Cloud-Scheduler');
  assert.equal(request.headers['content-type'], 'application/octet-stream');
  assert.equal(request.headers['x-custom'], 'yes');
  await waitFor(async () => (await client.getJob({name: job.name}))[0].status?.code === 0, 10_000, {describe: () => 'status OK'});

  target.failTimes(1, 500);
  await client.runJob({name: job.name});
  await target.waitForRequest(2);
  await waitFor(async () => (await client.getJob({name: job.name}))[0].status?.code === Code.INTERNAL, 10_000, {describe: () => 'status INTERNAL'});
});

test('gRPC: a Pub/Sub target publishes data and attributes exactly as given to a Tidings topic', async () => {
  const project = uniqueProject('ps');
  const pubsub = env.pubsub(project);
  const [topic] = await pubsub.createTopic(uniqueId('ticks'));
  const [subscription] = await topic.createSubscription(uniqueId('ticks-sub'));
  const received = collect(env.track(subscription));
  const client = grpcClient();
  const parent = parentOf(project);
  const [job] = await client.createJob({parent, job: {
    name: `${parent}/jobs/publisher`,
    schedule: '0 0 1 1 *',
    pubsubTarget: {topicName: topic.name, data: Buffer.from('tick'), attributes: {kind: 'cron', empty: ''}},
  }});

  await client.runJob({name: job.name});
  await received.waitForCount(1);
  const [message] = received.messages;
  assert.equal(message.data.toString(), 'tick');
  assert.deepEqual({...message.attributes}, {kind: 'cron', empty: ''});

  const [missing] = await client.createJob({parent, job: {
    name: `${parent}/jobs/lost`, schedule: '0 0 1 1 *', pubsubTarget: {topicName: `projects/${project}/topics/nowhere`, data: Buffer.from('x')},
  }});
  await client.runJob({name: missing.name});
  await waitFor(async () => (await client.getJob({name: missing.name}))[0].status?.code === Code.NOT_FOUND, 10_000, {describe: () => 'status NOT_FOUND'});
});

test('REST fallback (enums sent as numbers, $alt=json;enum-encoding=int): lifecycle, a mask with proto names, {} for DeleteJob, errors', async () => {
  const client = restClient();
  const target = await receiver();
  const parent = parentOf(uniqueProject('rest'));
  const [job] = await client.createJob({parent, job: {name: `${parent}/jobs/rest`, schedule: '15 * * * *', timeZone: 'utc', httpTarget: {uri: target.url, httpMethod: 'PUT'}}});
  assert.equal(job.state, 'ENABLED');
  assert.equal(job.httpTarget.httpMethod, 'PUT');
  assert.equal((await client.getJob({name: job.name}))[0].schedule, '15 * * * *');
  const [updated] = await client.updateJob({job: {name: job.name, timeZone: 'Asia/Tokyo'}, updateMask: {paths: ['time_zone']}});
  assert.equal(updated.timeZone, 'Asia/Tokyo');
  assert.equal((await client.pauseJob({name: job.name}))[0].state, 'PAUSED');
  assert.equal((await client.resumeJob({name: job.name}))[0].state, 'ENABLED');
  await client.runJob({name: job.name});
  assert.equal((await target.waitForRequest(1)).method, 'PUT');
  const [listed] = await client.listJobs({parent});
  assert.deepEqual(listed.map(j => j.name), [job.name]);
  await client.deleteJob({name: job.name});

  let error;
  try {
    await client.getJob({name: job.name});
  } catch (e) {
    error = e;
  }
  assert.ok(error, 'GetJob of a deleted job must fail');
  assert.ok(error.code === Code.NOT_FOUND || error.status === 404, `code ${error.code} status ${error.status}: ${error.message}`);
  assert.match(error.message, /Job not found\./);
});

test('gcloud: scheduler jobs create http|pubsub, describe, list, update, pause, resume, run, delete, errors', async () => {
  const project = uniqueProject('gcloud');
  const target = await receiver();
  const where = ['--location', LOCATION];
  const created = (await gcloud.ok(['scheduler', 'jobs', 'create', 'http', 'nightly', '--schedule=0 3 * * *', `--uri=${target.url}`,
    '--time-zone=Europe/Paris', '--message-body=hi', ...where, '--format=json'], {project})).json();
  assert.equal(created.name, `${parentOf(project)}/jobs/nightly`);
  assert.equal(created.state, 'ENABLED');
  assert.equal(created.timeZone, 'Europe/Paris');

  const described = (await gcloud.ok(['scheduler', 'jobs', 'describe', 'nightly', ...where, '--format=json'], {project})).json();
  assert.equal(described.schedule, '0 3 * * *');
  const listed = (await gcloud.ok(['scheduler', 'jobs', 'list', ...where, '--format=json'], {project})).json();
  assert.deepEqual(listed.map(j => j.name), [created.name]);

  const updated = (await gcloud.ok(['scheduler', 'jobs', 'update', 'http', 'nightly', '--schedule=0 4 * * *', '--max-retry-attempts=2',
    '--attempt-deadline=60s', '--update-headers=X-Team=ops', ...where, '--format=json'], {project})).json();
  assert.equal(updated.schedule, '0 4 * * *');
  assert.equal(updated.retryConfig.retryCount, 2);
  assert.equal(updated.attemptDeadline, '60s');
  assert.deepEqual(updated.httpTarget.headers, {'X-Team': 'ops'});

  await gcloud.ok(['scheduler', 'jobs', 'pause', 'nightly', ...where], {project});
  const again = await gcloud.fails(['scheduler', 'jobs', 'pause', 'nightly', ...where], {project});
  assert.match(again.stderr, /FAILED_PRECONDITION: Job has been paused\./);
  await gcloud.ok(['scheduler', 'jobs', 'resume', 'nightly', ...where], {project});
  await gcloud.ok(['scheduler', 'jobs', 'run', 'nightly', ...where], {project});
  const request = await target.waitForRequest(1);
  assert.equal(request.text(), 'hi');
  assert.equal(request.headers['x-team'], 'ops');
  assert.equal(request.headers['x-cloudscheduler-jobname'], 'nightly');

  const pubsubJob = (await gcloud.ok(['scheduler', 'jobs', 'create', 'pubsub', 'ping', '--schedule=*/10 * * * *',
    `--topic=projects/${project}/topics/pings`, '--message-body=ping', '--attributes=a=1,b=2', ...where, '--format=json'], {project})).json();
  assert.deepEqual(pubsubJob.pubsubTarget, {topicName: `projects/${project}/topics/pings`, data: Buffer.from('ping').toString('base64'), attributes: {a: '1', b: '2'}});

  const bad = await gcloud.fails(['scheduler', 'jobs', 'create', 'http', 'bad', '--schedule=every day', `--uri=${target.url}`, ...where], {project});
  assert.match(bad.stderr, /INVALID_ARGUMENT: Schedule or time zone is invalid\./);
  const duplicate = await gcloud.fails(['scheduler', 'jobs', 'create', 'http', 'nightly', '--schedule=* * * * *', `--uri=${target.url}`, ...where], {project});
  assert.match(duplicate.stderr, /ALREADY_EXISTS: Job projects\/.*\/jobs\/nightly already exists\./);

  await gcloud.ok(['scheduler', 'jobs', 'delete', 'nightly', ...where], {project});
  const gone = await gcloud.fails(['scheduler', 'jobs', 'describe', 'nightly', ...where], {project});
  assert.match(gone.stderr, /NOT_FOUND: Job not found\./);
});

test('real time: the every-minute job fires on its own; killed mid-attempt and restarted, that run is not sent again', async () => {
  const first = await tick.receiver.waitForRequest(1, 75_000);
  const scheduleTime = first.headers['x-cloudscheduler-scheduletime'];
  assert.match(scheduleTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:00-0[45]:00$/, 'a minute boundary in New York time');
  assert.equal(first.headers['x-cloudscheduler-jobname'], 'tick');
  assert.equal(first.headers['user-agent'], 'Google-Cloud-Scheduler');

  // SIGKILL while the receiver still holds the attempt open, then start again on the same data and port.
  const port = env.server.port;
  await env.server.kill();
  env.server = await startServer({dataDir, port});
  tick.receiver.releaseHanging(200);

  const client = grpcClient();
  const [job] = await client.getJob({name: tick.name});
  // UNKNOWN, unless a minute passed during the restart and that instant's run (a different one) has already finished.
  assert.ok(job.status?.code === Code.UNKNOWN || tick.receiver.requests.length > 1, `status ${JSON.stringify(job.status)}`);
  // A forced run carries its own time, to the second: made within the instant's own second it would read the same.
  const instantEnds = Date.parse(scheduleTime) + 1000;
  if (Date.now() < instantEnds) await sleep(instantEnds - Date.now());
  await client.runJob({name: tick.name});
  const headers = () => tick.receiver.requests.map(r => r.headers['x-cloudscheduler-scheduletime']).join(', ');
  await waitFor(() => tick.receiver.requests.some(r => r.headers['x-cloudscheduler-scheduletime'] !== scheduleTime), 15_000,
    {describe: () => `the forced run; schedule times received: ${headers()}`});
  const sameInstant = tick.receiver.requests.filter(r => r.headers['x-cloudscheduler-scheduletime'] === scheduleTime);
  assert.equal(sameInstant.length, 1, `the run for ${scheduleTime} was sent ${sameInstant.length} times: ${headers()}`);
});
