// Pub/Sub of a project: live rates, topics, subscriptions with backlog and oldest unacked age, and a form that
// publishes a test message.

import { get, post } from '../api.js';
import { badge, field, formatAge, formatCount, formatRate, h, shortName, table } from '../dom.js';
import { lineChart, sparkline } from '../chart.js';

export function pubSubView(ctx) {
  const chartPanel = h('div', { class: 'panel' });
  const topicsPanel = h('div');
  const subscriptionsPanel = h('div');
  const topicSelect = h('select', { id: 'publish-topic', name: 'topic', required: true });
  const dataInput = h('textarea', { id: 'publish-data', name: 'data', required: true });
  const attributesInput = h('input', { id: 'publish-attributes', name: 'attributes', placeholder: 'origin=console, kind=test' });
  const form = h('form', { class: 'stack panel', 'aria-label': 'Publish a test message', onsubmit: publish },
    field('Topic', topicSelect),
    field('Message', dataInput),
    field('Attributes (key=value, comma-separated)', attributesInput),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Publish test message')));

  async function publish(event) {
    event.preventDefault();
    try {
      const attributes = Object.fromEntries(attributesInput.value.split(',').map(pair => pair.trim()).filter(Boolean)
        .map(pair => { const at = pair.indexOf('='); return at < 0 ? [pair, ''] : [pair.slice(0, at).trim(), pair.slice(at + 1).trim()]; }));
      const { messageIds } = await post('pubsub/publish', { topic: topicSelect.value, data: dataInput.value, attributes });
      ctx.say(`Published message ${messageIds[0]} to ${shortName(topicSelect.value)}.`);
      dataInput.value = '';
      await ctx.refresh();
    } catch (error) {
      ctx.say(error.message, true);
    }
  }

  async function refresh() {
    const data = await get('pubsub', { project: ctx.project });
    const time = Date.parse(data.now);
    const { history } = ctx;
    let publishedTotal = 0;
    let ackedTotal = 0;
    const topicRows = data.topics.map(topic => {
      const rate = history.rate(`topic:${topic.name}`, topic.published, time);
      publishedTotal += topic.published;
      return [
        topic.name === undefined ? '' : shortName(topic.name),
        formatCount(topic.subscriptions),
        formatCount(topic.published),
        formatRate(rate),
        sparkline(`Publish rate of ${shortName(topic.name)}`, history.values(`topic:${topic.name}`)),
        topic.isDeadLetterTopic ? badge('dead-letter topic', 'warn') : '',
      ];
    });
    const subscriptionRows = data.subscriptions.map(subscription => {
      const id = shortName(subscription.name);
      const rate = history.rate(`acks:${subscription.name}`, subscription.acks, time);
      history.add(`backlog:${subscription.name}`, subscription.backlog);
      ackedTotal += subscription.acks;
      return [
        h('a', { href: `#/${encodeURIComponent(ctx.project)}/pubsub/${encodeURIComponent(id)}` }, id),
        shortName(subscription.topic),
        deliveryBadge(subscription),
        h('span', { 'data-backlog': id }, formatCount(subscription.backlog)),
        formatAge(subscription.oldestUnackedAgeSeconds),
        formatRate(rate),
        sparkline(`Backlog of ${id}`, history.values(`backlog:${subscription.name}`)),
        subscription.deadLetterTopic ? shortName(subscription.deadLetterTopic) : '',
      ];
    });
    history.rate('project:published', publishedTotal, time);
    history.rate('project:acked', ackedTotal, time);

    chartPanel.replaceChildren(
      h('h2', {}, 'Messages per second'),
      lineChart('Messages per second', [
        { label: 'published', values: history.values('project:published') },
        { label: 'acked', values: history.values('project:acked') },
      ], '/s'),
      h('ul', { class: 'legend' }, h('li', {}, h('span', { class: 'series-0' }), 'published'), h('li', {}, h('span', { class: 'series-1' }), 'acked (all subscriptions)')));
    topicsPanel.replaceChildren(h('h2', {}, 'Topics'), table('Topics', [
      { label: 'Topic', name: true }, { label: 'Subscriptions', num: true }, { label: 'Published', num: true, wide: true },
      { label: 'Msgs/s', num: true }, { label: 'Rate', wide: true }, { label: '', wide: true },
    ], topicRows, 'No topics in this project.'));
    subscriptionsPanel.replaceChildren(h('h2', {}, 'Subscriptions'), table('Subscriptions', [
      { label: 'Subscription', name: true }, { label: 'Topic', wide: true }, { label: 'Delivery', wide: true },
      { label: 'Backlog', num: true }, { label: 'Oldest unacked', num: true }, { label: 'Acks/s', num: true, wide: true },
      { label: 'Backlog trend', wide: true }, { label: 'Dead letters to', wide: true },
    ], subscriptionRows, 'No subscriptions in this project.'));

    const chosen = topicSelect.value;
    topicSelect.replaceChildren(...data.topics.map(topic => h('option', { value: topic.name, selected: topic.name === chosen }, shortName(topic.name))));
  }

  return {
    title: `Pub/Sub · ${ctx.project}`,
    element: h('section', { 'aria-labelledby': 'pubsub-title' },
      h('h1', { id: 'pubsub-title' }, `Pub/Sub · ${ctx.project}`),
      chartPanel, topicsPanel, subscriptionsPanel,
      h('h2', {}, 'Publish a test message'), form),
    refresh,
  };
}

export function deliveryBadge(subscription) {
  if (subscription.detached) return badge('detached', 'bad');
  if (!subscription.pushEndpoint) return badge('pull');
  const push = subscription.push;
  if (push && push.backoffSeconds > 0) return badge(`push · backing off ${formatAge(push.backoffSeconds)}`, 'bad');
  if (push && push.lastError) return badge('push · recovered', 'warn');
  return badge('push', 'good');
}
