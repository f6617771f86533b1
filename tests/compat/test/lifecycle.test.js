// Topic and subscription lifecycle through the official Node.js client: create / get / exists /
// list (with paging) / update / delete, the default values Google fills in, and the status codes
// and messages of the common failures.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {Code, expectGrpcError, uniqueId, uniqueProject, useServer} from '../lib/helpers.js';

const env = useServer();

const topicPath = (project, id) => `projects/${project}/topics/${id}`;
const subPath = (project, id) => `projects/${project}/subscriptions/${id}`;

describe('topics', () => {
  test('create, get, exists and getMetadata', async () => {
    const project = uniqueProject();
    const pubsub = env.pubsub(project);
    const id = uniqueId('topic');

    const [topic, created] = await pubsub.createTopic(id);
    assert.equal(created.name, topicPath(project, id));
    assert.equal(topic.name, topicPath(project, id));

    const [exists] = await topic.exists();
    assert.equal(exists, true);

    const [got, gotMeta] = await pubsub.topic(id).get();
    assert.equal(got.name, topicPath(project, id));
    assert.equal(gotMeta.name, topicPath(project, id));

    const [meta] = await pubsub.topic(id).getMetadata();
    assert.equal(meta.name, topicPath(project, id));
    assert.deepEqual(meta.labels ?? {}, {});

    const [missingExists] = await pubsub.topic(uniqueId('nope')).exists();
    assert.equal(missingExists, false);
  });

  test('getTopics pages with pageSize and a page token; every topic is seen exactly once', async () => {
    const project = uniqueProject();
    const pubsub = env.pubsub(project);
    const ids = Array.from({length: 7}, (_, i) => `page-topic-${i}`);
    for (const id of ids) await pubsub.createTopic(id);

    const seen = [];
    let query = {pageSize: 3, autoPaginate: false};
    let pages = 0;
    while (query) {
      pages += 1;
      assert.ok(pages <= 10, `paging did not terminate; seen so far: ${seen.join(', ')}`);
      const [topics, nextQuery] = await pubsub.getTopics(query);
      assert.ok(topics.length <= 3, `a page held ${topics.length} topics, more than pageSize 3`);
      seen.push(...topics.map(t => t.name));
      query = nextQuery ? {...nextQuery, autoPaginate: false} : null;
      if (query) assert.ok(query.pageToken, 'nextQuery without a pageToken');
    }
    assert.ok(pages >= 3, `7 topics with pageSize 3 need at least 3 pages, got ${pages}`);
    assert.equal(new Set(seen).size, seen.length, `a topic was listed twice: ${seen.join(', ')}`);
    assert.deepEqual([...seen].sort(), ids.map(id => topicPath(project, id)).sort());

    // Without paging options the client follows the tokens itself.
    const [all] = await pubsub.getTopics();
    assert.deepEqual(all.map(t => t.name).sort(), ids.map(id => topicPath(project, id)).sort());
  });

  test('projects are isolated: another project lists no topics', async () => {
    const a = env.pubsub(uniqueProject());
    const b = env.pubsub(uniqueProject());
    await a.createTopic('only-in-a');
    const [topicsB] = await b.getTopics();
    assert.deepEqual(topicsB, []);
    const [existsB] = await b.topic('only-in-a').exists();
    assert.equal(existsB, false);
  });

  test('creating a topic twice fails with ALREADY_EXISTS', async () => {
    const pubsub = env.pubsub();
    const id = uniqueId('dup');
    await pubsub.createTopic(id);
    await expectGrpcError(
      pubsub.createTopic(id),
      Code.ALREADY_EXISTS,
      `Resource already exists in the project (resource=${id}).`,
    );
  });

  test('getting, deleting and publishing to a missing topic fails with NOT_FOUND', async () => {
    const pubsub = env.pubsub();
    const id = uniqueId('missing');
    const expected = `Resource not found (resource=${id}).`;
    await expectGrpcError(pubsub.topic(id).getMetadata(), Code.NOT_FOUND, expected);
    await expectGrpcError(pubsub.topic(id).delete(), Code.NOT_FOUND, expected);
    await expectGrpcError(
      pubsub.topic(id).publishMessage({data: Buffer.from('x')}),
      Code.NOT_FOUND,
      expected,
    );
  });

  for (const bad of ['1abc', 'goog-x', 'ab', 'has space', 'x'.repeat(256)]) {
    test(`invalid topic name "${bad.length > 20 ? `x × ${bad.length}` : bad}" fails with INVALID_ARGUMENT`, async () => {
      const project = uniqueProject();
      const pubsub = env.pubsub(project);
      await expectGrpcError(
        pubsub.createTopic(bad),
        Code.INVALID_ARGUMENT,
        `Invalid [topics] name: (name=${topicPath(project, bad)})`,
      );
    });
  }

  test('names at the edges of the rules are accepted', async () => {
    const pubsub = env.pubsub();
    // 3 chars, 255 chars, and every allowed punctuation character.
    for (const ok of ['abc', 'a'.repeat(255), 'a-_.~+%b', 'Upper-Case-Start']) {
      const [t] = await pubsub.createTopic(ok);
      assert.ok(t.name.endsWith(`/topics/${ok}`));
    }
  });

  test('setMetadata updates topic labels', async () => {
    const pubsub = env.pubsub();
    const [topic] = await pubsub.createTopic(uniqueId('labels'));
    const [updated] = await topic.setMetadata({labels: {team: 'blue', env: 'test'}});
    assert.deepEqual(updated.labels, {team: 'blue', env: 'test'});
    const [meta] = await topic.getMetadata();
    assert.deepEqual(meta.labels, {team: 'blue', env: 'test'});
    assert.equal(meta.name, topic.name);
  });

  test('delete removes the topic', async () => {
    const project = uniqueProject();
    const pubsub = env.pubsub(project);
    const [topic] = await pubsub.createTopic('to-delete');
    await pubsub.createTopic('to-keep');
    await topic.delete();
    const [exists] = await topic.exists();
    assert.equal(exists, false);
    const [topics] = await pubsub.getTopics();
    assert.deepEqual(topics.map(t => t.name), [topicPath(project, 'to-keep')]);
  });
});

describe('subscriptions', () => {
  test('defaults: ackDeadlineSeconds 10, retention 7 days, expiration ttl 31 days', async () => {
    const project = uniqueProject();
    const pubsub = env.pubsub(project);
    const [topic] = await pubsub.createTopic('my-topic');
    const [sub, created] = await topic.createSubscription('my-sub');
    assert.equal(sub.name, subPath(project, 'my-sub'));

    for (const meta of [created, (await sub.getMetadata())[0]]) {
      assert.equal(meta.name, subPath(project, 'my-sub'));
      assert.equal(meta.topic, topicPath(project, 'my-topic'));
      assert.equal(meta.ackDeadlineSeconds, 10);
      assert.equal(Number(meta.messageRetentionDuration?.seconds), 604800);
      assert.equal(Number(meta.expirationPolicy?.ttl?.seconds), 2678400);
      assert.equal(meta.retainAckedMessages, false);
      assert.equal(meta.enableMessageOrdering, false);
      assert.equal(meta.enableExactlyOnceDelivery, false);
      assert.equal(meta.filter, '');
      assert.equal(meta.detached, false);
      assert.equal(meta.deadLetterPolicy, null);
      assert.equal(meta.pushConfig?.pushEndpoint ?? '', '');
      assert.equal(meta.state, 'ACTIVE');
    }
  });

  test('create, get, exists; getSubscriptions of a topic and of the project', async () => {
    const project = uniqueProject();
    const pubsub = env.pubsub(project);
    const [t1] = await pubsub.createTopic('topic-1');
    const [t2] = await pubsub.createTopic('topic-2');
    await t1.createSubscription('sub-1a');
    await pubsub.createSubscription('topic-1', 'sub-1b', {ackDeadlineSeconds: 30});
    await t2.createSubscription('sub-2');

    const [exists] = await pubsub.subscription('sub-1a').exists();
    assert.equal(exists, true);
    const [got, gotMeta] = await pubsub.subscription('sub-1b').get();
    assert.equal(got.name, subPath(project, 'sub-1b'));
    assert.equal(gotMeta.ackDeadlineSeconds, 30);
    const [missing] = await pubsub.subscription('s-none').exists();
    assert.equal(missing, false);

    const [ofT1] = await t1.getSubscriptions();
    assert.deepEqual(ofT1.map(s => s.name).sort(), [subPath(project, 'sub-1a'), subPath(project, 'sub-1b')]);

    const [all] = await pubsub.getSubscriptions();
    const byName = new Map(all.map(s => [s.name, s.metadata]));
    assert.deepEqual([...byName.keys()].sort(), ['sub-1a', 'sub-1b', 'sub-2'].map(s => subPath(project, s)));
    // ListSubscriptions returns whole Subscription resources.
    assert.equal(byName.get(subPath(project, 'sub-2')).topic, topicPath(project, 'topic-2'));
    assert.equal(byName.get(subPath(project, 'sub-1b')).ackDeadlineSeconds, 30);
  });

  test('getSubscriptions pages with pageSize', async () => {
    const project = uniqueProject();
    const pubsub = env.pubsub(project);
    const [topic] = await pubsub.createTopic('my-topic');
    const ids = Array.from({length: 5}, (_, i) => `sub-${i}`);
    for (const id of ids) await topic.createSubscription(id);
    const seen = [];
    let query = {pageSize: 2, autoPaginate: false};
    let pages = 0;
    while (query) {
      pages += 1;
      assert.ok(pages <= 10, 'paging did not terminate');
      const [subs, nextQuery] = await pubsub.getSubscriptions(query);
      assert.ok(subs.length <= 2);
      seen.push(...subs.map(s => s.name));
      query = nextQuery ? {...nextQuery, autoPaginate: false} : null;
    }
    assert.deepEqual(seen.sort(), ids.map(id => subPath(project, id)).sort());
  });

  test('creating a subscription twice fails with ALREADY_EXISTS', async () => {
    const pubsub = env.pubsub();
    const [topic] = await pubsub.createTopic('my-topic');
    await topic.createSubscription('my-sub');
    await expectGrpcError(
      topic.createSubscription('my-sub'),
      Code.ALREADY_EXISTS,
      'Resource already exists in the project (resource=my-sub).',
    );
  });

  test('a subscription to a missing topic fails with NOT_FOUND', async () => {
    const pubsub = env.pubsub();
    await expectGrpcError(
      pubsub.createSubscription('no-such-topic', 'my-sub'),
      Code.NOT_FOUND,
      'Resource not found (resource=no-such-topic).',
    );
    const [exists] = await pubsub.subscription('my-sub').exists();
    assert.equal(exists, false);
  });

  test('getting a missing subscription fails with NOT_FOUND', async () => {
    const pubsub = env.pubsub();
    await expectGrpcError(
      pubsub.subscription('gone').getMetadata(),
      Code.NOT_FOUND,
      'Resource not found (resource=gone).',
    );
  });

  for (const bad of ['1abc', 'goog-x', 'ab']) {
    test(`invalid subscription name "${bad}" fails with INVALID_ARGUMENT`, async () => {
      const project = uniqueProject();
      const pubsub = env.pubsub(project);
      const [topic] = await pubsub.createTopic('my-topic');
      await expectGrpcError(
        topic.createSubscription(bad),
        Code.INVALID_ARGUMENT,
        `Invalid [subscriptions] name: (name=${subPath(project, bad)})`,
      );
    });
  }

  test('setMetadata updates ackDeadlineSeconds and labels and leaves other fields alone', async () => {
    const pubsub = env.pubsub();
    const [topic] = await pubsub.createTopic('my-topic');
    const [sub] = await topic.createSubscription('my-sub');
    const [updated] = await sub.setMetadata({ackDeadlineSeconds: 42, labels: {owner: 'compat'}});
    assert.equal(updated.ackDeadlineSeconds, 42);
    assert.deepEqual(updated.labels, {owner: 'compat'});

    const [meta] = await sub.getMetadata();
    assert.equal(meta.ackDeadlineSeconds, 42);
    assert.deepEqual(meta.labels, {owner: 'compat'});
    assert.equal(meta.topic, topic.name);
    assert.equal(Number(meta.messageRetentionDuration?.seconds), 604800);
    assert.equal(Number(meta.expirationPolicy?.ttl?.seconds), 2678400);
  });

  test('deleting a topic leaves its subscription with topic "_deleted-topic_"', async () => {
    const project = uniqueProject();
    const pubsub = env.pubsub(project);
    const [topic] = await pubsub.createTopic('my-topic');
    const [sub] = await topic.createSubscription('my-sub');
    await topic.delete();

    const [exists] = await sub.exists();
    assert.equal(exists, true);
    const [meta] = await sub.getMetadata();
    assert.equal(meta.topic, '_deleted-topic_');
    const [subs] = await pubsub.getSubscriptions();
    assert.deepEqual(subs.map(s => [s.name, s.metadata.topic]), [[subPath(project, 'my-sub'), '_deleted-topic_']]);

    // A new topic with the same name has no relationship to the old subscription.
    const [again] = await pubsub.createTopic('my-topic');
    const [attached] = await again.getSubscriptions();
    assert.deepEqual(attached, []);
    const [metaAfter] = await sub.getMetadata();
    assert.equal(metaAfter.topic, '_deleted-topic_');
  });

  test('delete removes the subscription', async () => {
    const pubsub = env.pubsub();
    const [topic] = await pubsub.createTopic('my-topic');
    const [sub] = await topic.createSubscription('my-sub');
    await sub.delete();
    const [exists] = await sub.exists();
    assert.equal(exists, false);
    const [attached] = await topic.getSubscriptions();
    assert.deepEqual(attached, []);
    await expectGrpcError(sub.delete(), Code.NOT_FOUND, 'Resource not found (resource=my-sub).');
  });
});
