// One subscription: its counters and settings, push state (last error, backoff), live charts, and the message
// browser, which peeks without leasing: what it shows stays deliverable.

import { get } from '../api.js';
import { badge, facts, formatAge, formatCount, formatRate, formatTime, h, shortName, table } from '../dom.js';
import { lineChart } from '../chart.js';
import { deliveryBadge } from './pubsub.js';

const PEEK = 20;

export function subscriptionView(ctx, name) {
  const id = shortName(name);
  const summary = h('div', { class: 'grid' });
  const charts = h('div', { class: 'grid' });
  const messages = h('div');
  const peekButton = h('button', { type: 'button', class: 'primary', onclick: peek }, 'Peek messages');

  async function peek() {
    try {
      const result = await get('pubsub/peek', { subscription: name, max: PEEK });
      messages.replaceChildren(table(`Unacknowledged messages of ${id} (oldest first)`, [
        { label: 'Message id' }, { label: 'Data', name: true }, { label: 'Attributes', wide: true },
        { label: 'State' }, { label: 'Deliveries', num: true, wide: true }, { label: 'Published', wide: true },
      ], result.messages.map(message => [
        message.messageId,
        h('pre', { class: 'data' }, message.text ?? `base64: ${message.data}`),
        Object.entries(message.attributes).map(([key, value]) => `${key}=${value}`).join(', '),
        badge(message.state.toLowerCase()),
        formatCount(message.deliveryAttempts),
        formatTime(message.publishTime),
      ]), 'No unacknowledged messages.'));
      ctx.say(`Peeked at ${result.messages.length} message(s); nothing was acknowledged.`);
    } catch (error) {
      ctx.say(error.message, true);
    }
  }

  async function refresh() {
    const data = await get('pubsub', { project: ctx.project });
    const subscription = data.subscriptions.find(s => s.name === name);
    if (!subscription) {
      summary.replaceChildren(h('p', { class: 'error-text' }, `Subscription ${id} was not found.`));
      charts.replaceChildren();
      return;
    }
    const time = Date.parse(data.now);
    const { history } = ctx;
    const topic = data.topics.find(t => t.name === subscription.topic);
    if (topic) history.rate(`topic:${topic.name}`, topic.published, time);
    const ackRate = history.rate(`acks:${name}`, subscription.acks, time);
    const nackRate = history.rate(`nacks:${name}`, subscription.nacks + subscription.expired, time);
    history.rate(`dead:${name}`, subscription.deadLettered, time);
    history.add(`backlog:${name}`, subscription.backlog);

    const push = subscription.push;
    summary.replaceChildren(
      h('div', { class: 'panel' }, h('h2', {}, 'Backlog'), facts([
        ['Unacked messages', h('span', { 'data-testid': 'backlog' }, formatCount(subscription.backlog))],
        ['Oldest unacked', formatAge(subscription.oldestUnackedAgeSeconds)],
        ['Acks per second', formatRate(ackRate)],
        ['Nacks and expiries per second', formatRate(nackRate)],
        ['Since start', `${formatCount(subscription.acks)} acked, ${formatCount(subscription.nacks)} nacked, ${formatCount(subscription.expired)} expired, ${formatCount(subscription.deadLettered)} dead-lettered`],
      ])),
      h('div', { class: 'panel' }, h('h2', {}, 'Settings'), facts([
        ['Topic', shortName(subscription.topic)],
        ['Delivery', deliveryBadge(subscription)],
        ['Ack deadline', `${subscription.ackDeadlineSeconds} s`],
        ['Filter', subscription.filter],
        ['Ordering', subscription.ordering ? 'on' : ''],
        ['Exactly once', subscription.exactlyOnce ? 'on' : ''],
        ['Dead-letter topic', subscription.deadLetterTopic ? shortName(subscription.deadLetterTopic) : ''],
        ['Max delivery attempts', subscription.deadLetterTopic ? subscription.maxDeliveryAttempts : ''],
      ])),
      subscription.pushEndpoint ? h('div', { class: 'panel' }, h('h2', {}, 'Push'), facts([
        ['Endpoint', subscription.pushEndpoint],
        ['In flight', push ? formatCount(push.inFlight) : '—'],
        ['Window', push ? formatCount(push.window) : '—'],
        ['Backing off', push && push.backoffSeconds > 0 ? `for ${formatAge(push.backoffSeconds)} more` : 'no'],
        ['Last error', push?.lastError ? h('span', { class: 'error-text' }, push.lastError) : 'none'],
        ['Last error at', push?.lastErrorTime ? formatTime(push.lastErrorTime) : ''],
        ['Requests since start', push ? Object.entries(push.requests).filter(([, count]) => count > 0)
          .map(([kind, count]) => `${kind} ${formatCount(count)}`).join(', ') || 'none' : ''],
      ])) : '');
    charts.replaceChildren(
      h('div', { class: 'panel' }, h('h2', {}, 'Backlog over time'),
        lineChart(`Backlog of ${id}`, [{ label: 'backlog', values: history.values(`backlog:${name}`) }], '')),
      h('div', { class: 'panel' }, h('h2', {}, 'Messages per second'),
        lineChart(`Messages per second on ${id}`, [
          { label: 'published', values: topic ? history.values(`topic:${topic.name}`) : [] },
          { label: 'acked', values: history.values(`acks:${name}`) },
          { label: 'nacked or expired', values: history.values(`nacks:${name}`) },
        ], '/s'),
        h('ul', { class: 'legend' }, h('li', {}, h('span', { class: 'series-0' }), 'published'), h('li', {}, h('span', { class: 'series-1' }), 'acked'),
          h('li', {}, h('span', { class: 'series-2' }), 'nacked or expired'))));
  }

  return {
    title: `Subscription ${id}`,
    element: h('section', { 'aria-labelledby': 'subscription-title' },
      h('p', {}, h('a', { href: `#/${encodeURIComponent(ctx.project)}/pubsub` }, '← Pub/Sub')),
      h('h1', { id: 'subscription-title' }, `Subscription ${id}`),
      summary, charts,
      h('h2', {}, 'Message browser'),
      h('p', { class: 'muted' }, 'Peeking shows messages not yet acknowledged without leasing them: they stay deliverable as before.'),
      h('div', { class: 'actions' }, peekButton),
      messages),
    refresh,
  };
}
