// Charts drawn as SVG by hand: a line chart for a few series over the last minutes, and a sparkline for a table
// cell. Each has role="img" and a text label saying what it shows and the latest values.

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

function points(values, width, height, max, left = 0, top = 0) {
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values.map((value, i) => `${(left + i * step).toFixed(1)},${(top + height - (max > 0 ? (value / max) * height : 0)).toFixed(1)}`).join(' ');
}

/**
 * A line chart. `series` is [{label, values, tone?}] (oldest first, one value per poll; tone picks the colour,
 * 0 accent, 1 good, 2 bad, by default the series' index); all share the y axis, which
 * starts at 0 and ends at the largest value shown.
 */
export function lineChart(title, series, unit) {
  const width = 600;
  const height = 140;
  const left = 40;
  const top = 8;
  const plotWidth = width - left - 8;
  const plotHeight = height - top - 18;
  const max = Math.max(1, ...series.flatMap(s => s.values));
  const latest = series.map(s => `${s.label} ${format(s.values.at(-1) ?? 0)}${unit}`).join(', ');
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': `${title}: ${latest}`, preserveAspectRatio: 'none' });
  chart.append(svg('line', { x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight, class: 'axis' }));
  chart.append(svg('line', { x1: left, y1: top, x2: left, y2: top + plotHeight, class: 'axis' }));
  const maxLabel = svg('text', { x: left - 4, y: top + 8, 'text-anchor': 'end' });
  maxLabel.textContent = format(max);
  const zeroLabel = svg('text', { x: left - 4, y: top + plotHeight, 'text-anchor': 'end' });
  zeroLabel.textContent = '0';
  const span = svg('text', { x: left + plotWidth, y: height - 3, 'text-anchor': 'end' });
  span.textContent = 'now';
  chart.append(maxLabel, zeroLabel, span);
  series.forEach((s, i) => {
    chart.append(svg('polyline', {
      points: points(s.values, plotWidth, plotHeight, max, left, top),
      class: `series-${s.tone ?? i}`, fill: 'none', 'stroke-width': 2, 'vector-effect': 'non-scaling-stroke',
    }));
  });
  return chart;
}

/** A small line of one series, for a table cell. */
export function sparkline(label, values) {
  const width = 90;
  const height = 22;
  const max = Math.max(1, ...values);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'spark', role: 'img', 'aria-label': `${label}: ${format(values.at(-1) ?? 0)}` });
  chart.append(svg('polyline', { points: points(values, width, height - 2, max, 0, 1), fill: 'none', 'stroke-width': 1.5 }));
  return chart;
}

function format(value) {
  return value < 10 && !Number.isInteger(value) ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
}
