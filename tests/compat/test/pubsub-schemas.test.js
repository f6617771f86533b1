// Pub/Sub schemas with the official Node client: creating AVRO and Protocol Buffer schemas, reading them in both
// views, validating definitions and messages, topics bound to a schema (JSON and binary encodings of both types),
// and revisions through the generated v1 SchemaServiceClient (commit, rollback, list, delete).

import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {test} from 'node:test';
import {Encodings, Schema, SchemaTypes, SchemaViews} from '@google-cloud/pubsub';
import {Code, collect, uniqueProject, useServer} from '../lib/helpers.js';

const env = useServer();

// The Pub/Sub client's own google-gax, whose GoogleError decodes the google.rpc.Status in an error's trailer.
const require = createRequire(import.meta.url);
const {GoogleError} = createRequire(require.resolve('@google-cloud/pubsub'))('google-gax');

const avroDefinition = JSON.stringify({
  type: 'record',
  name: 'State',
  fields: [
    {name: 'name', type: 'string'},
    {name: 'post_abbr', type: 'string'},
  ],
});
const avroV2 = JSON.stringify({
  type: 'record',
  name: 'State',
  fields: [
    {name: 'name', type: 'string'},
    {name: 'post_abbr', type: 'string'},
    {name: 'population', type: 'long', default: 0},
  ],
});
const protoDefinition = 'syntax = "proto3";\nmessage State {\n  string name = 1;\n  string post_abbr = 2;\n}\n';

/** Avro's zig-zag varint and a length-prefixed string. */
const avroLong = n => {
  const bytes = [];
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  while (z >= 0x80) {
    bytes.push((z & 0x7f) | 0x80);
    z = Math.floor(z / 128);
  }
  bytes.push(z);
  return bytes;
};
const avroString = s => [...avroLong(Buffer.byteLength(s)), ...Buffer.from(s)];
const avroState = (name, abbr) => Buffer.from([...avroString(name), ...avroString(abbr)]);

/** Protocol Buffer wire format: string fields 1 and 2. */
const protoString = (field, s) => [(field << 3) | 2, Buffer.byteLength(s), ...Buffer.from(s)];
const protoState = (name, abbr) => Buffer.from([...protoString(1, name), ...protoString(2, abbr)]);

/** The message field is bytes: protobufjs would read a plain string as base64. */
const jsonBytes = value => Buffer.from(JSON.stringify(value));

async function expectRejects(promise, code, message) {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    e => e,
  );
  assert.equal(error.code, code, `${error.code} ${error.message}`);
  if (message) assert.match(error.message ?? error.details, message);
  return error;
}

test('createSchema for both types; schema.get in FULL and BASIC; listSchemas views; validateSchema', async () => {
  const pubsub = env.pubsub(uniqueProject());
  const avro = await pubsub.createSchema('states-avro', SchemaTypes.Avro, avroDefinition);
  await pubsub.createSchema('states-proto', SchemaTypes.ProtocolBuffer, protoDefinition);

  const full = await avro.get();
  assert.equal(full.name, `projects/${pubsub.projectId}/schemas/states-avro`);
  assert.equal(full.type, 'AVRO');
  assert.equal(full.definition, avroDefinition);
  assert.match(full.revisionId, /^[0-9a-f]{8}$/);
  assert.ok(full.revisionCreateTime?.seconds, 'revisionCreateTime is missing');
  const basic = await avro.get(SchemaViews.Basic);
  assert.equal(basic.definition, '');
  assert.equal(basic.type, 'AVRO');

  const listedBasic = [];
  for await (const s of pubsub.listSchemas()) listedBasic.push(s);
  assert.deepEqual(listedBasic.map(s => [s.name.split('/').pop(), s.type, s.definition]), [
    ['states-avro', 'AVRO', ''],
    ['states-proto', 'PROTOCOL_BUFFER', ''],
  ]);
  const listedFull = [];
  for await (const s of pubsub.listSchemas(SchemaViews.Full)) listedFull.push(s);
  assert.deepEqual(listedFull.map(s => s.definition), [avroDefinition, protoDefinition]);

  await pubsub.validateSchema({type: SchemaTypes.ProtocolBuffer, definition: protoDefinition});
  await expectRejects(
    pubsub.validateSchema({type: SchemaTypes.Avro, definition: '{"type": "record", "name": "X", "fields": [{"name": "a", "type": "nope"}]}'}),
    Code.INVALID_ARGUMENT,
    /Invalid AVRO schema definition: .*nope/,
  );
  await expectRejects(
    pubsub.validateSchema({type: SchemaTypes.ProtocolBuffer, definition: 'syntax = "proto3"; import "x.proto"; message A {}'}),
    Code.INVALID_ARGUMENT,
    /import statements are not supported/,
  );
  await expectRejects(pubsub.createSchema('states-avro', SchemaTypes.Avro, avroDefinition), Code.ALREADY_EXISTS);
  await expectRejects(pubsub.schema('missing').get(), Code.NOT_FOUND, /Resource not found \(resource=missing\)/);
});

test('schema.validateMessage: valid and invalid JSON and binary for both types', async () => {
  const pubsub = env.pubsub(uniqueProject());
  const avro = await pubsub.createSchema('states-avro', SchemaTypes.Avro, avroDefinition);
  const proto = await pubsub.createSchema('states-proto', SchemaTypes.ProtocolBuffer, protoDefinition);

  await avro.validateMessage(jsonBytes({name: 'Alaska', post_abbr: 'AK'}), Encodings.Json);
  await avro.validateMessage(avroState('Alaska', 'AK'), Encodings.Binary);
  await proto.validateMessage(jsonBytes({name: 'Alaska', postAbbr: 'AK'}), Encodings.Json);
  await proto.validateMessage(protoState('Alaska', 'AK'), Encodings.Binary);

  await expectRejects(avro.validateMessage(jsonBytes({name: 'Alaska'}), Encodings.Json), Code.INVALID_ARGUMENT, /Message failed schema validation/);
  await expectRejects(avro.validateMessage(Buffer.from([...avroState('Alaska', 'AK'), 0]), Encodings.Binary), Code.INVALID_ARGUMENT);
  await expectRejects(proto.validateMessage(jsonBytes({name: 'Alaska', capital: 'Juneau'}), Encodings.Json), Code.INVALID_ARGUMENT);
  await expectRejects(proto.validateMessage(Buffer.from([0x1a, 0x01, 0x41]), Encodings.Binary), Code.INVALID_ARGUMENT);
});

for (const [type, encoding, definition, valid, invalid] of [
  [SchemaTypes.Avro, Encodings.Json, avroDefinition, Buffer.from(JSON.stringify({name: 'Alaska', post_abbr: 'AK'})), Buffer.from('{"name": 1}')],
  [SchemaTypes.Avro, Encodings.Binary, avroDefinition, avroState('Alaska', 'AK'), Buffer.from([0x04, 0x41])],
  [SchemaTypes.ProtocolBuffer, Encodings.Json, protoDefinition, Buffer.from(JSON.stringify({name: 'Alaska', postAbbr: 'AK'})), Buffer.from('{"nom": "x"}')],
  [SchemaTypes.ProtocolBuffer, Encodings.Binary, protoDefinition, protoState('Alaska', 'AK'), Buffer.from([0x08, 0xff])],
]) {
  test(`topic with ${type} schema, ${encoding}: valid messages arrive with the schema attributes, an invalid one fails its whole batch`, async () => {
    const pubsub = env.pubsub(uniqueProject());
    const schema = await pubsub.createSchema('states', type, definition);
    const schemaName = await schema.getName();
    const [topic] = await pubsub.createTopic({name: 'states', schemaSettings: {schema: schemaName, encoding}});
    const [metadata] = await topic.getMetadata();
    assert.equal(metadata.schemaSettings.schema, schemaName);
    assert.equal(metadata.schemaSettings.encoding, encoding);
    await topic.createSubscription('states-sub');

    const id = await topic.publishMessage({data: valid, attributes: {origin: 'compat'}});
    const reason = `INVALID_${encoding}_${type === SchemaTypes.Avro ? 'AVRO' : 'PROTO'}_MESSAGE`;
    const single = await expectRejects(topic.publishMessage({data: invalid}), Code.INVALID_ARGUMENT, /Invalid data in message: Message failed schema validation\./);
    const details = GoogleError.parseGRPCStatusDetails(single);
    assert.equal(details.reason, reason);
    assert.equal(details.domain, 'pubsub.googleapis.com');
    assert.equal(details.errorInfoMetadata.message, 'Message failed schema validation');
    assert.match(details.errorInfoMetadata.revisionInfo, new RegExp(`^Could not validate message with any schema revision for schema: ${schemaName}, last checked revision: revision_id=[0-9a-f]{8} failed with status: `));

    // One invalid message in a request fails all of it: nothing from it is stored.
    const publisher = await env.publisherClient(pubsub);
    await expectRejects(
      publisher.publish({topic: topic.name, messages: [{data: valid}, {data: invalid}]}),
      Code.INVALID_ARGUMENT,
      /Message failed schema validation/,
    );

    const subscription = env.track(pubsub.subscription('states-sub'));
    const c = collect(subscription);
    await c.waitForCount(1);
    await subscription.close();
    assert.equal(c.count, 1, `only the valid message may arrive: ${c.summary()}`);
    const m = c.messages[0];
    assert.equal(m.id, id);
    assert.deepEqual(Buffer.from(m.data), valid);
    assert.equal(m.attributes.origin, 'compat');
    const schemaInfo = Schema.metadataFromMessage(m.attributes);
    const [current] = await (await pubsub.getSchemaClient()).getSchema({name: schemaName});
    assert.deepEqual(schemaInfo, {name: schemaName, revision: current.revisionId, encoding});
  });
}

test('revisions with the v1 SchemaServiceClient: commit, get name@revision, list newest first, rollback, delete revision; topic revision range', async () => {
  const pubsub = env.pubsub(uniqueProject());
  const client = await pubsub.getSchemaClient();
  const parent = `projects/${pubsub.projectId}`;
  const [created] = await client.createSchema({parent, schemaId: 'states', schema: {type: 'AVRO', definition: avroDefinition}});
  const [committed] = await client.commitSchema({name: created.name, schema: {type: 'AVRO', definition: avroV2}});
  assert.notEqual(committed.revisionId, created.revisionId);
  assert.equal(committed.definition, avroV2);

  const [old] = await client.getSchema({name: `${created.name}@${created.revisionId}`});
  assert.equal(old.definition, avroDefinition);
  assert.equal(old.revisionId, created.revisionId);

  const [rolledBack] = await client.rollbackSchema({name: created.name, revisionId: created.revisionId});
  assert.equal(rolledBack.definition, avroDefinition);
  assert.ok(![created.revisionId, committed.revisionId].includes(rolledBack.revisionId), 'a rollback makes a new revision');

  const [revisions] = await client.listSchemaRevisions({name: created.name, view: 'FULL'});
  assert.deepEqual(revisions.map(r => r.revisionId), [rolledBack.revisionId, committed.revisionId, created.revisionId]);

  // A commit that an earlier revision could not read is refused.
  await expectRejects(
    client.commitSchema({name: created.name, schema: {type: 'AVRO', definition: JSON.stringify({type: 'record', name: 'State', fields: [{name: 'name', type: 'long'}]})}}),
    Code.INVALID_ARGUMENT,
    /Revision is incompatible with previous revision/,
  );

  // A topic whose range is the first revision only: a message with the second revision's extra field is refused.
  const [topic] = await pubsub.createTopic({
    name: 'states',
    schemaSettings: {schema: created.name, encoding: 'BINARY', firstRevisionId: created.revisionId, lastRevisionId: created.revisionId},
  });
  await topic.publishMessage({data: avroState('Alaska', 'AK')});
  await expectRejects(
    topic.publishMessage({data: Buffer.from([...avroState('Alaska', 'AK'), ...avroLong(731545)])}),
    Code.INVALID_ARGUMENT,
    /Message failed schema validation/,
  );

  const [afterDelete] = await client.deleteSchemaRevision({name: `${created.name}@${committed.revisionId}`});
  assert.equal(afterDelete.revisionId, rolledBack.revisionId);
  await expectRejects(client.getSchema({name: `${created.name}@${committed.revisionId}`}), Code.NOT_FOUND);
  const [remaining] = await client.listSchemaRevisions({name: created.name});
  assert.deepEqual(remaining.map(r => r.revisionId), [rolledBack.revisionId, created.revisionId]);

  // Deleting the schema leaves Google's sentinel on the topic, whose publishes then fail.
  await pubsub.schema('states').delete();
  const [metadata] = await topic.getMetadata();
  assert.equal(metadata.schemaSettings.schema, '_deleted-schema_');
  await expectRejects(topic.publishMessage({data: avroState('Alaska', 'AK')}), Code.NOT_FOUND, /Schema associated with topic deleted\./);
});
