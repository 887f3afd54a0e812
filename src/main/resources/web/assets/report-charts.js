// The reports page's charts. Each draws from the rows the table shows (and nothing else), so the chart and the
// table always hold the same numbers: a line per name over time, bars for a report without time, the hour ×
// weekday heat map, the IVR funnel (entries per menu node over the whole range), and for the daily queue report
// the same weekday a week earlier as dashed lines beside this week's.
import { cellText, isMeanDuration } from './report-cells.js';

const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export function valueOf(metric, row) {
  const v = row[metric.key];
  return metric.kind === 'kpi' ? (v ? v.value : null) : (v ?? null);
}

function axisFor(metric) {
  if (isMeanDuration(metric.kind, metric.key) || metric.kind === 'duration_ms') {
    return { type: 'value', axisLabel: { formatter: (v) => cellText('duration_ms', v) } };
  }
  return metric.kind === 'kpi' ? { type: 'value', axisLabel: { formatter: (v) => (v * 100).toFixed(0) + '%' } } : { type: 'value' };
}

export function heatmapOption(columns, rows) {
  const hours = columns.filter((c) => /^h\d\d$/.test(c.key));
  const data = [];
  let max = 0;
  rows.forEach((row) => hours.forEach((h, x) => {
    const v = row[h.key] ?? 0;
    max = Math.max(max, v);
    data.push([x, row.weekday - 1, v]);
  }));
  return {
    tooltip: { position: 'top' },
    xAxis: { type: 'category', data: hours.map((h) => h.label), splitArea: { show: true } },
    yAxis: { type: 'category', data: WEEKDAYS, splitArea: { show: true } },
    visualMap: { min: 0, max: Math.max(max, 1), calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
    grid: { bottom: 70 },
    series: [{ name: '来电量', type: 'heatmap', data, label: { show: false } }],
  };
}

// The routing matrix: IVR topic (rows) × wrap-up topic (columns), calls summed over the range; the diagonal is
// routed right. The table beside it lists the same cells per interval.
export function matrixOption(rows) {
  const cells = new Map();
  rows.forEach((r) => {
    const key = r.ivr_topic + '\u0000' + r.wrapup_topic;
    cells.set(key, (cells.get(key) || 0) + (r.handled || 0));
  });
  const ivr = [...new Set(rows.map((r) => r.ivr_topic))].sort();
  const wrapup = [...new Set(rows.map((r) => r.wrapup_topic))].sort();
  let max = 0;
  const data = [];
  cells.forEach((v, key) => {
    const [i, w] = key.split('\u0000');
    max = Math.max(max, v);
    data.push([wrapup.indexOf(w), ivr.indexOf(i), v]);
  });
  return {
    tooltip: { position: 'top', formatter: (p) => 'IVR ' + ivr[p.value[1]] + ' → 小结 ' + wrapup[p.value[0]] + '：'
      + p.value[2].toLocaleString('zh-CN') },
    xAxis: { type: 'category', name: '小结话题', data: wrapup, splitArea: { show: true }, axisLabel: { rotate: 30 } },
    yAxis: { type: 'category', name: 'IVR话题', data: ivr, splitArea: { show: true } },
    visualMap: { min: 0, max: Math.max(max, 1), calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
    grid: { bottom: 90, left: 120 },
    series: [{ name: '处理量', type: 'heatmap', data, label: { show: true } }],
  };
}

const FUNNEL_NODES = 12;

export function funnelOption(rows) {
  const byNode = new Map();
  rows.forEach((r) => byNode.set(r.node, (byNode.get(r.node) || 0) + (r.entries || 0)));
  // the busiest nodes only: a funnel of every node of a large flow is unreadable; the table lists them all
  const data = [...byNode.entries()].map(([name, value]) => ({ name, value })).sort((a, b) => b.value - a.value)
    .slice(0, FUNNEL_NODES);
  return {
    tooltip: { trigger: 'item' },
    series: [{ name: '进入', type: 'funnel', sort: 'descending', left: '5%', width: '60%', gap: 2, data,
      label: { position: 'right', formatter: (p) => p.name + '  ' + p.value.toLocaleString('zh-CN') },
      labelLine: { show: true } }],
  };
}

// x: the rows' time column; one line per name column value. `earlier`: last week's rows, drawn dashed on the
// same x positions (a row of 2026-11-16 sits under 2026-11-23).
// A row's name: its text columns together (the satisfaction report names a row by dimension and member).
function namer(columns) {
  const texts = columns.filter((c) => c.kind === 'text');
  return texts.length ? (row) => texts.map((c) => cellText(c.kind, row[c.key], c.key)).join(' · ') : null;
}

export function timeOption(columns, rows, metric, earlier) {
  const time = columns.find((c) => c.kind === 'time');
  const name = namer(columns);
  const xs = [...new Set(rows.map((r) => r[time.key]))].sort();
  const groups = name ? [...new Set(rows.map(name))] : [metric.label];
  // rows by time and name, so a full day of 15-minute rows for 20 queues is drawn without a search per point
  const index = (source) => new Map(source.map((row) => [row[time.key] + '\u0000' + (name ? name(row) : ''), row]));
  const line = (byKey, g, dashed, shift) => ({
    name: (dashed ? '上周同日 · ' : '') + String(g), type: 'line', connectNulls: false,
    lineStyle: dashed ? { type: 'dashed' } : undefined,
    data: xs.map((x) => {
      const r = byKey.get((shift ? shiftDays(x, -7) : x) + '\u0000' + (name ? g : ''));
      return r ? valueOf(metric, r) : null;
    }),
  });
  const now = index(rows);
  const series = groups.map((g) => line(now, g, false, false));
  if (earlier) {
    const before = index(earlier);
    groups.forEach((g) => series.push(line(before, g, true, true)));
  }
  // a full day of quarter-hours for many queues is drawn at once: growing lines would only delay the answer
  return { animation: rows.length <= 500, tooltip: { trigger: 'axis' }, legend: { type: 'scroll' },
    xAxis: { type: 'category', data: xs.map((x) => cellText('time', x)) }, yAxis: axisFor(metric), series };
}

export function barOption(columns, rows, metric) {
  const name = namer(columns);
  return { tooltip: {}, xAxis: { type: 'category', data: rows.map((r) => (name ? name(r) : '')) },
    yAxis: axisFor(metric), series: [{ name: metric.label, type: 'bar', data: rows.map((r) => valueOf(metric, r)) }] };
}

// A report time such as 2026-11-23T00:00+08:00 moved by whole days, in the same written form.
export function shiftDays(text, days) {
  const m = /^(\d{4})-(\d\d)-(\d\d)(.*)$/.exec(String(text));
  if (!m) return text;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + days));
  return d.toISOString().slice(0, 10) + m[4];
}
