// The Google Cloud CLI's schema commands against Tidings: `gcloud pubsub schemas create/describe/list/
// validate-schema/validate-message/commit/list-revisions/rollback/delete-revision/delete`, and a topic created with
// `--schema --message-encoding`. gcloud speaks REST, so this also covers the transcoded schema routes. Every gcloud
// call costs a Python start-up, so each checks several things.

import assert from 'node:assert/strict';
import {after, test} from 'node:test';
import {useGcloud} from '../lib/gcloud.js';
import {uniqueProject, useServer} from '../lib/helpers.js';

const env = useServer();
const gcloud = useGcloud(env);
const started = Date.now();

after(() => {
  console.log(`# gcloud schemas: ${gcloud.calls} invocations in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

const schemas = (...args) => ['pubsub', 'schemas', ...args];
const lines = text => text.split('\n').filter(Boolean);

const avro = JSON.stringify({type: 'record', name: 'State', fields: [{name: 'name', type: 'string'}, {name: 'post_abbr', type: 'string'}]});
const avroV2 = JSON.stringify({
  type: 'record',
  name: 'State',
  fields: [{name: 'name', type: 'string'}, {name: 'post_abbr', type: 'string'}, {name: 'population', type: 'long', default: 0}],
});

test('schemas: create, describe, list, validate-schema, validate-message, delete', async () => {
  const p = uniqueProject('gs');
  const name = `projects/${p}/schemas/states`;

  const created = await gcloud.ok(schemas('create', 'states', '--type=avro', `--definition=${avro}`, '--format=json'), {project: p});
  const schema = JSON.parse(created.stdout);
  assert.equal(schema.name, name);
  assert.equal(schema.type, 'AVRO');
  assert.equal(schema.definition, avro);
  assert.match(schema.revisionId, /^[0-9a-f]{8}$/);
  assert.ok(lines(created.stderr).includes("Created schema [states]."), created.stderr);

  const described = await gcloud.ok(schemas('describe', 'states'), {project: p});
  assert.match(described.stdout, new RegExp(`^name: ${name}$`, 'm'));
  assert.match(described.stdout, /^type: AVRO$/m);
  assert.match(described.stdout, new RegExp(`^revisionId: '?${schema.revisionId}'?$`, 'm'));

  const listed = await gcloud.ok(schemas('list', '--format=json'), {project: p});
  assert.deepEqual(JSON.parse(listed.stdout).map(s => [s.name, s.type, s.definition]), [[name, 'AVRO', undefined]]);

  const validSchema = await gcloud.ok(schemas('validate-schema', '--type=protocol-buffer', '--definition=syntax = "proto3"; message A { int32 x = 1; }'), {project: p});
  assert.match(validSchema.stderr, /Schema is valid\./);
  const invalidSchema = await gcloud.fails(schemas('validate-schema', '--type=avro', '--definition={"type": "nosuchtype"}'), {project: p});
  assert.match(invalidSchema.stderr, /INVALID_ARGUMENT: Invalid AVRO schema definition: /);

  const validMessage = await gcloud.ok(
    schemas('validate-message', '--message-encoding=json', `--message=${JSON.stringify({name: 'Alaska', post_abbr: 'AK'})}`, `--schema-name=states`),
    {project: p},
  );
  assert.match(validMessage.stderr, /Message is valid\./);
  const invalidMessage = await gcloud.fails(
    schemas('validate-message', '--message-encoding=json', '--message={"name": "Alaska"}', `--schema-name=states`),
    {project: p},
  );
  assert.match(invalidMessage.stderr, /INVALID_ARGUMENT: Invalid data in message: Message failed schema validation\./);
  assert.match(invalidMessage.stderr, /INVALID_JSON_AVRO_MESSAGE/);

  const deleted = await gcloud.ok(schemas('delete', 'states'), {project: p});
  assert.ok(lines(deleted.stderr).includes('Deleted schema [states].'), deleted.stderr);
  const gone = await gcloud.fails(schemas('describe', 'states'), {project: p});
  assert.match(gone.stderr, /NOT_FOUND: Resource not found \(resource=states\)\./);
});

test('schemas: commit, rollback, list-revisions, delete-revision; a topic with --schema and --message-encoding', async () => {
  const p = uniqueProject('gr');
  const name = `projects/${p}/schemas/states`;
  const schema = JSON.parse((await gcloud.ok(schemas('create', 'states', '--type=avro', `--definition=${avro}`, '--format=json'), {project: p})).stdout);

  const committed = JSON.parse((await gcloud.ok(schemas('commit', 'states', '--type=avro', `--definition=${avroV2}`, '--format=json'), {project: p})).stdout);
  assert.equal(committed.definition, avroV2);
  assert.notEqual(committed.revisionId, schema.revisionId);

  const rolledBack = JSON.parse((await gcloud.ok(schemas('rollback', 'states', `--revision-id=${schema.revisionId}`, '--format=json'), {project: p})).stdout);
  assert.equal(rolledBack.definition, avro);

  const revisions = JSON.parse((await gcloud.ok(schemas('list-revisions', 'states', '--format=json'), {project: p})).stdout);
  assert.deepEqual(revisions.map(r => r.revisionId), [rolledBack.revisionId, committed.revisionId, schema.revisionId]);

  const deletedRevision = await gcloud.ok(schemas('delete-revision', `states@${committed.revisionId}`, '--format=json'), {project: p});
  // gcloud names the schema the answer carries, which is the schema itself (its remaining revision).
  assert.ok(lines(deletedRevision.stderr).includes(`Deleted schema revision [${name}].`), deletedRevision.stderr);
  const described2 = await gcloud.fails(schemas('describe', `states@${committed.revisionId}`), {project: p});
  assert.match(described2.stderr, /NOT_FOUND: Resource not found/);

  // A topic bound to the schema: a valid JSON message publishes, an invalid one is refused.
  await gcloud.ok(['pubsub', 'topics', 'create', 'states', `--schema=states`, '--message-encoding=json'], {project: p});
  const topic = await gcloud.ok(['pubsub', 'topics', 'describe', 'states', '--format=json'], {project: p});
  assert.deepEqual(JSON.parse(topic.stdout).schemaSettings, {schema: name, encoding: 'JSON'});
  await gcloud.ok(['pubsub', 'topics', 'publish', 'states', `--message=${JSON.stringify({name: 'Alaska', post_abbr: 'AK'})}`], {project: p});
  const refused = await gcloud.fails(['pubsub', 'topics', 'publish', 'states', '--message={"name": 1}'], {project: p});
  assert.match(refused.stderr, /INVALID_ARGUMENT: Invalid data in message: Message failed schema validation\./);
});
