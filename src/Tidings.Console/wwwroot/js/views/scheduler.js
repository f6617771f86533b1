// Cloud Scheduler of a project: its jobs with schedule, state, last outcome and controls (run now, pause, resume).

import { get, post } from '../api.js';
import { formatTime, h, locationOf, shortName, table } from '../dom.js';
import { stateBadge } from './tasks.js';

export function schedulerView(ctx) {
  const jobsPanel = h('div');

  async function refresh() {
    const { jobs } = await get('scheduler', { project: ctx.project });
    jobsPanel.replaceChildren(table('Jobs', [
      { label: 'Job', name: true }, { label: 'Schedule' }, { label: 'State' }, { label: 'Target', wide: true },
      { label: 'Last run', wide: true }, { label: 'Outcome', wide: true }, { label: 'Next run', wide: true }, { label: 'Actions' },
    ], jobs.map(job => {
      const id = shortName(job.name);
      return [
        h('a', { href: `#/${encodeURIComponent(ctx.project)}/scheduler/${encodeURIComponent(locationOf(job.name))}/${encodeURIComponent(id)}` }, id),
        `${job.schedule}${job.timeZone ? ` (${job.timeZone})` : ''}`,
        stateBadge(job.state),
        target(job),
        formatTime(job.lastAttemptTime),
        outcome(job.status, job.lastAttemptTime),
        formatTime(job.scheduleTime),
        jobControls(ctx, job),
      ];
    }), 'No jobs in this project.'));
  }

  return {
    title: `Cloud Scheduler · ${ctx.project}`,
    element: h('section', { 'aria-labelledby': 'scheduler-title' },
      h('h1', { id: 'scheduler-title' }, `Cloud Scheduler · ${ctx.project}`), jobsPanel),
    refresh,
  };
}

export function target(job) {
  if (job.httpTarget) return `${job.httpTarget.httpMethod ?? 'POST'} ${job.httpTarget.uri}`;
  if (job.pubsubTarget) return `Pub/Sub ${shortName(job.pubsubTarget.topicName)}`;
  if (job.appEngineHttpTarget) return `App Engine ${job.appEngineHttpTarget.relativeUri ?? '/'}`;
  return '—';
}

/** A google.rpc.Status as the job reports its last attempt: code 0 (or absent after a run) is success. */
export function outcome(status, ran) {
  if (!ran) return '—';
  if (!status || !status.code) return h('span', {}, 'OK');
  return h('span', { class: 'error-text' }, `${status.message ?? ''} (code ${status.code})`);
}

/** Run now, and pause or resume, named after the job. */
export function jobControls(ctx, job) {
  const id = shortName(job.name);
  const act = (action, done) => async () => {
    try {
      await post(`scheduler/${action}`, { name: job.name });
      ctx.say(`Job ${id} ${done}.`);
      await ctx.refresh();
    } catch (error) {
      ctx.say(error.message, true);
    }
  };
  return h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'primary', 'aria-label': `Run job ${id} now`, onclick: act('run', 'started') }, 'Run now'),
    job.state === 'PAUSED'
      ? h('button', { type: 'button', 'aria-label': `Resume job ${id}`, onclick: act('resume', 'resumed') }, 'Resume')
      : h('button', { type: 'button', 'aria-label': `Pause job ${id}`, onclick: act('pause', 'paused') }, 'Pause'));
}
