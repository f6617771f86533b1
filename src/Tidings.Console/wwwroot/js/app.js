// The console's shell: the project picker, the navigation, hash routes and the poll that keeps the current view
// live. Routes: #/{project}/pubsub, #/{project}/pubsub/{subscription}, #/{project}/tasks,
// #/{project}/tasks/{location}/{queue}, #/{project}/scheduler, #/{project}/scheduler/{location}/{job}.

import { get } from './api.js';
import { h } from './dom.js';
import { History } from './history.js';
import { pubSubView } from './views/pubsub.js';
import { subscriptionView } from './views/subscription.js';
import { tasksView } from './views/tasks.js';
import { queueView } from './views/queue.js';
import { schedulerView } from './views/scheduler.js';
import { jobView } from './views/job.js';

const POLL_MS = 3000;
const view = document.getElementById('view');
const projectSelect = document.getElementById('project');
const statusLine = document.getElementById('status');
const history = new History();
let current = null;
let timer = null;
let statusTimer = null;

/** Shows a short message in the status line (announced to screen readers); errors stay until the next message. */
export function say(text, isError = false) {
  statusLine.textContent = text;
  statusLine.classList.toggle('error', isError);
  clearTimeout(statusTimer);
  if (!isError) statusTimer = setTimeout(() => { statusLine.textContent = ''; }, 5000);
}

function parseRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [project, service = 'pubsub', ...rest] = parts;
  return { project, service, rest };
}

function route(project, service, rest) {
  const ctx = { project, history, say, refresh: () => poll() };
  if (service === 'pubsub' && rest.length === 1) return subscriptionView(ctx, `projects/${project}/subscriptions/${rest[0]}`);
  if (service === 'pubsub') return pubSubView(ctx);
  if (service === 'tasks' && rest.length === 2) return queueView(ctx, `projects/${project}/locations/${rest[0]}/queues/${rest[1]}`);
  if (service === 'tasks') return tasksView(ctx);
  if (service === 'scheduler' && rest.length === 2) return jobView(ctx, `projects/${project}/locations/${rest[0]}/jobs/${rest[1]}`);
  if (service === 'scheduler') return schedulerView(ctx);
  return null;
}

async function loadProjects(selected) {
  const { projects } = await get('overview');
  const names = projects.includes(selected) || !selected ? projects : [selected, ...projects];
  projectSelect.replaceChildren(...names.map(name => h('option', { value: name, selected: name === selected }, name)));
  return names;
}

async function show() {
  clearTimeout(timer);
  let { project, service, rest } = parseRoute();
  const projects = await loadProjects(project).catch(error => { say(error.message, true); return []; });
  if (!project) {
    if (projects.length === 0) {
      view.replaceChildren(h('h1', {}, 'Nothing here yet'),
        h('p', {}, 'Create a topic, a queue or a job with any client, and its project appears here.'));
      timer = setTimeout(show, POLL_MS);
      return;
    }
    location.replace(`#/${encodeURIComponent(projects[0])}/pubsub`);
    return;
  }
  for (const name of ['pubsub', 'tasks', 'scheduler']) {
    const link = document.getElementById(`nav-${name}`);
    link.href = `#/${encodeURIComponent(project)}/${name}`;
    if (name === service) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  current = route(project, service, rest);
  if (!current) {
    view.replaceChildren(h('h1', {}, 'Not found'), h('p', {}, 'This page does not exist.'));
    return;
  }
  view.replaceChildren(current.element);
  document.title = `${current.title} · Tidings console`;
  await poll();
}

/** Refreshes the current view's data, then schedules the next refresh. */
async function poll() {
  clearTimeout(timer);
  const polled = current;
  try {
    await polled.refresh();
  } catch (error) {
    say(error.message, true);
  }
  if (polled === current) timer = setTimeout(poll, POLL_MS);
}

projectSelect.addEventListener('change', () => {
  location.hash = `#/${encodeURIComponent(projectSelect.value)}/${parseRoute().service}`;
});
window.addEventListener('hashchange', () => { show(); view.focus(); });
show();
