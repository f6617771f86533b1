// One queue: its settings and controls, and its tasks with the first and last attempt of each (dispatch time,
// response time, the target's answer), and a button to run a task now.

import { get, post } from '../api.js';
import { facts, formatCount, formatTime, h, shortName, table } from '../dom.js';
import { queueControls, stateBadge, totalAttempts } from './tasks.js';
import { lineChart } from '../chart.js';

export function queueView(ctx, name) {
  const id = shortName(name);
  const summary = h('div', { class: 'grid' });
  const tasksPanel = h('div');

  async function refresh() {
    const { queues, statistics, now } = await get('tasks', { project: ctx.project });
    const queue = queues.find(q => q.name === name);
    const counts = statistics[name];
    if (!queue) {
      summary.replaceChildren(h('p', { class: 'error-text' }, `Queue ${id} was not found.`));
      tasksPanel.replaceChildren();
      return;
    }
    const { tasks, more } = await get('tasks/tasks', { queue: name });
    const time = Date.parse(now);
    ctx.history.add(`tasks:${name}`, counts?.tasks ?? tasks.length);
    ctx.history.rate(`ok:${name}`, counts?.attempts?.OK ?? 0, time);
    ctx.history.rate(`failed:${name}`, totalAttempts(counts) - (counts?.attempts?.OK ?? 0), time);
    summary.replaceChildren(
      h('div', { class: 'panel' }, h('h2', {}, 'Queue'), facts([
        ['State', h('span', { 'data-testid': 'queue-state' }, stateBadge(queue.state))],
        ['Tasks', formatCount(counts?.tasks ?? tasks.length)],
        ['Attempts in flight', formatCount(counts?.inFlight)],
        ['Attempts since start', Object.entries(counts?.attempts ?? {}).map(([code, count]) => `${code} ${formatCount(count)}`).join(', ') || 'none'],
        ['Max dispatches/s', queue.rateLimits?.maxDispatchesPerSecond],
        ['Max burst', queue.rateLimits?.maxBurstSize],
        ['Max concurrent', queue.rateLimits?.maxConcurrentDispatches],
        ['Max attempts', queue.retryConfig?.maxAttempts],
        ['Backoff', queue.retryConfig ? `${queue.retryConfig.minBackoff ?? '0s'} – ${queue.retryConfig.maxBackoff ?? '0s'}` : ''],
        ['Purged at', queue.purgeTime ? formatTime(queue.purgeTime) : ''],
      ]), queueControls(ctx, queue)),
      h('div', { class: 'panel' }, h('h2', {}, 'Tasks waiting'),
        lineChart(`Tasks in ${id}`, [{ label: 'tasks', values: ctx.history.values(`tasks:${name}`) }], '')),
      h('div', { class: 'panel' }, h('h2', {}, 'Attempts per second'),
        lineChart(`Attempts per second on ${id}`, [
          { label: 'OK', values: ctx.history.values(`ok:${name}`), tone: 1 },
          { label: 'failed', values: ctx.history.values(`failed:${name}`), tone: 2 },
        ], '/s'),
        h('ul', { class: 'legend' }, h('li', {}, h('span', { class: 'series-1' }), 'OK'), h('li', {}, h('span', { class: 'series-2' }), 'failed'))));
    tasksPanel.replaceChildren(more ? h('p', { class: 'muted' }, `The first ${tasks.length} tasks are listed.`) : '', table(`Tasks of ${id}`, [
      { label: 'Task', name: true }, { label: 'Scheduled', wide: true }, { label: 'Attempts', num: true },
      { label: 'First attempt', wide: true }, { label: 'Last attempt' }, { label: 'Actions' },
    ], tasks.map(task => [
      shortName(task.name),
      formatTime(task.scheduleTime),
      `${formatCount(task.dispatchCount ?? 0)} sent, ${formatCount(task.responseCount ?? 0)} answered`,
      attempt(task.firstAttempt),
      attempt(task.lastAttempt),
      h('button', { type: 'button', 'aria-label': `Run task ${shortName(task.name)}`, onclick: () => run(task) }, 'Run'),
    ]), 'No tasks in this queue.'));
  }

  async function run(task) {
    try {
      await post('tasks/run', { name: task.name });
      ctx.say(`Task ${shortName(task.name)} dispatched.`);
      await ctx.refresh();
    } catch (error) {
      ctx.say(error.message, true);
    }
  }

  return {
    title: `Queue ${id}`,
    element: h('section', { 'aria-labelledby': 'queue-title' },
      h('p', {}, h('a', { href: `#/${encodeURIComponent(ctx.project)}/tasks` }, '← Cloud Tasks')),
      h('h1', { id: 'queue-title' }, `Queue ${id}`), summary,
      h('h2', {}, 'Tasks'), tasksPanel),
    refresh,
  };
}

/** An attempt: when it was sent and what came back (Google records the first and the last of each task). */
function attempt(value) {
  if (!value) return '—';
  const status = value.responseStatus;
  const answer = !value.responseTime ? 'no answer yet'
    : !status || !status.code ? 'OK' : `${status.message ?? ''} (code ${status.code})`;
  return h('span', {}, formatTime(value.dispatchTime), h('br'), h('span', { class: status?.code ? 'error-text' : 'muted' }, answer));
}
