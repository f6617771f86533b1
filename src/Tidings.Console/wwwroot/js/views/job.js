// One job: its definition, controls, and the runs since the server started (scheduled, retried and manual), each
// with its outcome.

import { get } from '../api.js';
import { badge, facts, formatTime, h, shortName, table } from '../dom.js';
import { jobControls, outcome, target } from './scheduler.js';
import { stateBadge } from './tasks.js';

export function jobView(ctx, name) {
  const id = shortName(name);
  const summary = h('div', { class: 'grid' });
  const runsPanel = h('div');

  async function refresh() {
    const { jobs, attempts } = await get('scheduler', { project: ctx.project });
    const job = jobs.find(j => j.name === name);
    if (!job) {
      summary.replaceChildren(h('p', { class: 'error-text' }, `Job ${id} was not found.`));
      runsPanel.replaceChildren();
      return;
    }
    const { runs } = await get('scheduler/runs', { job: name });
    summary.replaceChildren(h('div', { class: 'panel' }, h('h2', {}, 'Job'), facts([
      ['State', stateBadge(job.state)],
      ['Schedule', job.schedule],
      ['Time zone', job.timeZone || 'UTC'],
      ['Target', target(job)],
      ['Last run', formatTime(job.lastAttemptTime)],
      ['Last outcome', outcome(job.status, job.lastAttemptTime)],
      ['Next run', formatTime(job.scheduleTime)],
      ['Retries', job.retryConfig?.retryCount],
      ['Attempt deadline', job.attemptDeadline],
      ['Attempts since start', Object.entries(attempts[name] ?? {}).map(([code, count]) => `${code} ${count}`).join(', ') || 'none'],
    ]), jobControls(ctx, job)));
    runsPanel.replaceChildren(table(`Runs of ${id} (newest first)`, [
      { label: 'Started' }, { label: 'Kind' }, { label: 'Outcome' }, { label: 'Schedule time', wide: true }, { label: 'Took', num: true, wide: true },
    ], runs.map(run => [
      formatTime(run.startTime),
      run.manual ? badge('run now') : badge('scheduled'),
      run.code === 0 ? h('span', {}, 'OK') : h('span', { class: 'error-text' }, `${run.message} (code ${run.code})`),
      run.scheduleTime,
      `${Math.max(0, (Date.parse(run.endTime) - Date.parse(run.startTime)) / 1000).toFixed(1)} s`,
    ]), 'No runs since the server started.'));
  }

  return {
    title: `Job ${id}`,
    element: h('section', { 'aria-labelledby': 'job-title' },
      h('p', {}, h('a', { href: `#/${encodeURIComponent(ctx.project)}/scheduler` }, '← Cloud Scheduler')),
      h('h1', { id: 'job-title' }, `Job ${id}`), summary,
      h('h2', {}, 'Run history'), runsPanel),
    refresh,
  };
}
