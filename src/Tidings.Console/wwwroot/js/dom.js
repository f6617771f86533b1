// Small helpers to build the page from data. Text always goes in as text (never as HTML), so message bodies and
// names cannot inject markup.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.className = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** A table with a caption, headings and rows; `columns` are {label, num?, wide?}, rows arrays of cells. */
export function table(caption, columns, rows, emptyText) {
  if (rows.length === 0) {
    return h('div', { class: 'table-wrap' }, h('p', { class: 'empty' }, emptyText));
  }
  const cls = column => [column.num ? 'num' : '', column.wide ? 'wide-only' : '', column.name ? 'name' : ''].join(' ').trim() || undefined;
  return h('div', { class: 'table-wrap' },
    h('table', {},
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, columns.map(column => h('th', { scope: 'col', class: cls(column) }, column.label)))),
      h('tbody', {}, rows.map(row => h('tr', {}, row.map((cell, i) => h('td', { class: cls(columns[i]) }, cell)))))));
}

/** A definition list of label/value pairs, skipping empty values. */
export function facts(pairs) {
  return h('dl', { class: 'facts' },
    pairs.filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

/** A labelled form control: the label names the control (its accessible name) through for/id. */
export function field(label, control) {
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}

export function badge(text, tone) {
  return h('span', { class: tone ? `badge ${tone}` : 'badge' }, text);
}

/** The last segment of a resource name: projects/p/topics/orders → orders. */
export function shortName(name) {
  return name ? name.slice(name.lastIndexOf('/') + 1) : '';
}

/** The location of projects/p/locations/l/…. */
export function locationOf(name) {
  return name.split('/')[3] ?? '';
}

export function formatCount(value) {
  return value === undefined || value === null ? '—' : Number(value).toLocaleString('en-US');
}

export function formatRate(value) {
  if (value === undefined || value === null) return '—';
  return value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
}

export function formatAge(seconds) {
  if (seconds === undefined || seconds === null) return '—';
  if (seconds < 1) return '<1 s';
  if (seconds < 120) return `${Math.floor(seconds)} s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} d`;
}

export function formatTime(value) {
  if (!value) return '—';
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? String(value) : time.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
