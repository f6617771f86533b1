// Cloud Tasks of a project: its queues with state, limits and controls (pause, resume, purge).

import { get, post } from '../api.js';
import { badge, formatCount, formatRate, h, locationOf, shortName, table } from '../dom.js';

export function tasksView(ctx) {
  const queuesPanel = h('div');

  async function refresh() {
    const { queues, statistics, now } = await get('tasks', { project: ctx.project });
    const time = Date.parse(now);
    queuesPanel.replaceChildren(table('Queues', [
      { label: 'Queue', name: true }, { label: 'Location', wide: true }, { label: 'State' },
      { label: 'Tasks', num: true }, { label: 'Attempts/s', num: true, wide: true },
      { label: 'Dispatches/s', num: true, wide: true }, { label: 'Concurrent', num: true, wide: true },
      { label: 'Max attempts', num: true, wide: true }, { label: 'Actions' },
    ], queues.map(queue => {
      const id = shortName(queue.name);
      const location = locationOf(queue.name);
      return [
        h('a', { href: `#/${encodeURIComponent(ctx.project)}/tasks/${encodeURIComponent(location)}/${encodeURIComponent(id)}` }, id),
        location,
        stateBadge(queue.state),
        formatCount(statistics[queue.name]?.tasks),
        formatRate(ctx.history.rate(`attempts:${queue.name}`, totalAttempts(statistics[queue.name]), time)),
        queue.rateLimits?.maxDispatchesPerSecond ?? '—',
        queue.rateLimits?.maxConcurrentDispatches ?? '—',
        queue.retryConfig?.maxAttempts === -1 ? 'unlimited' : (queue.retryConfig?.maxAttempts ?? '—'),
        queueControls(ctx, queue),
      ];
    }), 'No queues in this project.'));
  }

  return {
    title: `Cloud Tasks · ${ctx.project}`,
    element: h('section', { 'aria-labelledby': 'tasks-title' },
      h('h1', { id: 'tasks-title' }, `Cloud Tasks · ${ctx.project}`), queuesPanel),
    refresh,
  };
}

export function stateBadge(state) {
  const text = (state ?? 'STATE_UNSPECIFIED').toLowerCase();
  return badge(text, text === 'running' || text === 'enabled' ? 'good' : text === 'paused' ? 'warn' : 'bad');
}

/** Pause or resume (whichever applies) and purge, named after the queue so each button says what it acts on. */
export function queueControls(ctx, queue) {
  const id = shortName(queue.name);
  const act = (action, done) => async () => {
    if (action === 'purge' && !window.confirm(`Delete every task of queue ${id}?`)) return;
    try {
      await post(`tasks/${action}`, { name: queue.name });
      ctx.say(`Queue ${id} ${done}.`);
      await ctx.refresh();
    } catch (error) {
      ctx.say(error.message, true);
    }
  };
  return h('div', { class: 'actions' },
    queue.state === 'RUNNING'
      ? h('button', { type: 'button', 'aria-label': `Pause queue ${id}`, onclick: act('pause', 'paused') }, 'Pause')
      : h('button', { type: 'button', 'aria-label': `Resume queue ${id}`, onclick: act('resume', 'resumed') }, 'Resume'),
    h('button', { type: 'button', class: 'danger', 'aria-label': `Purge queue ${id}`, onclick: act('purge', 'purged') }, 'Purge'));
}

/** Attempts of a queue since the server started, whatever their result. */
export function totalAttempts(statistics) {
  return Object.values(statistics?.attempts ?? {}).reduce((sum, count) => sum + count, 0);
}
