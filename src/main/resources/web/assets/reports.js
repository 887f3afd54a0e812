// Historical reports: one generic view of any statistics report (GET /api/stats/<report>): a sortable table and an
// ECharts chart drawn from the very same rows, and exports that ask the same URL for CSV or XLSX (the browser
// sends the session cookie: no token ever goes into a URL).
import { me, getJson, post, element } from './api.js';

const REPORTS = [
  ['queues', '队列时段报表', '/api/stats/queues'], ['outcomes', '来电结果', '/api/stats/outcomes'],
  ['agents', '坐席绩效', '/api/stats/agents'], ['agent-states', '坐席状态', '/api/stats/agent-states'],
  ['topics', '话题', '/api/stats/topics'], ['ivr-funnel', 'IVR 漏斗', '/api/stats/ivr-funnel'],
  ['satisfaction', '满意度', '/api/stats/satisfaction'], ['abandoned', '放弃来电与回拨', '/api/stats/abandoned'],
  ['repeat-callers', '重复来电', '/api/stats/repeat-callers'], ['heatmap', '来电热力图', '/api/stats/heatmap'],
  ['work-orders', '工单', '/api/stats/work-orders'], ['calls', '通话明细', '/api/calls'],
];
const $ = (id) => document.getElementById(id);
const chart = echarts.init($('chart'), null, { locale: 'ZH' });
let current = null; // { columns, rows, meta }
let sort = { key: null, dir: 1 };

const two = (n) => String(n).padStart(2, '0');
function today(tz) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return parts;
}
function cellText(kind, v) {
  if (v === null || v === undefined) return '—';
  switch (kind) {
    case 'count': return Number(v).toLocaleString('zh-CN');
    case 'duration_ms': { const s = Math.round(v / 1000); return Math.floor(s / 60) + ':' + two(s % 60); }
    case 'kpi': return v.value === null ? '—' : (v.value * 100).toFixed(1) + '%';
    case 'time': return String(v).replace('T', ' ').replace(/:00(\.0+)?([+-]\d\d:\d\d|Z)$/, '').replace(/([+-]\d\d:\d\d|Z)$/, '');
    default: return String(v);
  }
}
function sortValue(kind, v) {
  if (v === null || v === undefined) return -Infinity;
  if (kind === 'kpi') return v.value === null ? -Infinity : v.value;
  return v;
}

function query() {
  const p = new URLSearchParams({ from: $('from').value, to: $('to').value, tz: $('tz').value, interval: $('interval').value });
  $('queue').value.split(/[,，\s]+/).filter(Boolean).forEach((q) => p.append('queue', q));
  if ($('sl').value) p.set('sl', $('sl').value);
  return p;
}
function reportPath() {
  return REPORTS.find((r) => r[0] === $('report').value)[2];
}

function renderTable() {
  const { columns, rows } = current;
  const head = element('tr');
  columns.forEach((c) => {
    const th = element('th', c.label);
    th.dataset.key = c.key;
    if (c.kind !== 'text' && c.kind !== 'time') th.classList.add('num');
    if (sort.key === c.key) th.classList.add(sort.dir > 0 ? 'sorted-asc' : 'sorted-desc');
    th.addEventListener('click', () => {
      sort = { key: c.key, dir: sort.key === c.key ? -sort.dir : 1 };
      renderTable();
    });
    head.appendChild(th);
  });
  $('table').tHead.replaceChildren(head);
  let shown = rows;
  if (sort.key) {
    const col = columns.find((c) => c.key === sort.key);
    shown = [...rows].sort((a, b) => {
      const x = sortValue(col.kind, a[col.key]);
      const y = sortValue(col.kind, b[col.key]);
      return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
    });
  }
  $('table').tBodies[0].replaceChildren(...shown.map((row) => {
    const tr = element('tr');
    columns.forEach((c) => {
      const v = row[c.key];
      const td = element('td', cellText(c.kind, v), c.kind === 'text' || c.kind === 'time' ? '' : 'num');
      if (c.kind === 'kpi' && v) {
        td.title = v.numerator.toLocaleString('zh-CN') + ' / ' + v.denominator.toLocaleString('zh-CN');
        if (v.provisional) td.classList.add('provisional');
      }
      tr.appendChild(td);
    });
    return tr;
  }));
}

// The chart shows one numeric column: over time (x = the time column) with one line per name (queue, agent,
// topic…), or, for a report without time, one bar per row. Its data are the rows' own values.
function renderChart() {
  const { columns, rows } = current;
  const metric = columns.find((c) => c.key === $('metric').value);
  if (!metric) { chart.clear(); return; }
  const time = columns.find((c) => c.kind === 'time');
  const name = columns.find((c) => c.kind === 'text');
  const value = (row) => { const v = row[metric.key]; return metric.kind === 'kpi' ? (v ? v.value : null) : (v ?? null); };
  const axis = metric.kind === 'kpi' ? { type: 'value', axisLabel: { formatter: (v) => (v * 100).toFixed(0) + '%' } } : { type: 'value' };
  let option;
  if (time) {
    const xs = [...new Set(rows.map((r) => r[time.key]))].sort();
    const groups = name ? [...new Set(rows.map((r) => r[name.key]))] : [metric.label];
    const series = groups.map((g) => ({
      name: String(g), type: 'line', connectNulls: false,
      data: xs.map((x) => { const r = rows.find((row) => row[time.key] === x && (!name || row[name.key] === g)); return r ? value(r) : null; }),
    }));
    option = { tooltip: { trigger: 'axis' }, legend: { type: 'scroll' }, xAxis: { type: 'category', data: xs.map((x) => cellText('time', x)) }, yAxis: axis, series };
  } else {
    const labels = rows.map((r) => (name ? String(r[name.key]) : ''));
    option = { tooltip: {}, xAxis: { type: 'category', data: labels }, yAxis: axis, series: [{ name: metric.label, type: 'bar', data: rows.map(value) }] };
  }
  chart.setOption(option, true);
}

function fillMetrics() {
  const keep = $('metric').value;
  const numeric = current.columns.filter((c) => c.kind === 'count' || c.kind === 'kpi' || c.kind === 'duration_ms');
  $('metric').replaceChildren(...numeric.map((c) => { const o = element('option', c.label); o.value = c.key; return o; }));
  if (numeric.some((c) => c.key === keep)) $('metric').value = keep;
}

async function load() {
  const params = query();
  const path = reportPath() + '?' + params.toString();
  history.replaceState(null, '', '/manager/reports?report=' + $('report').value + '&' + params.toString());
  $('status').textContent = '查询中…';
  try {
    const body = await getJson(path);
    current = { columns: body.columns, rows: body.rows, meta: body.meta || {} };
    fillMetrics();
    renderTable();
    renderChart();
    const zone = current.meta.zone || $('tz').value;
    $('zone').textContent = '时区：' + zone + (current.meta.service_level_seconds ? '　服务水平阈值：' + current.meta.service_level_seconds + ' 秒' : '');
    $('status').textContent = '共 ' + body.rows.length.toLocaleString('zh-CN') + ' 行' + (body.rows.some((r) => Object.values(r).some((v) => v && v.provisional)) ? '（* 为暂定数字）' : '');
    $('export-csv').href = reportPath() + '?' + params.toString() + '&format=csv';
    $('export-xlsx').href = reportPath() + '?' + params.toString() + '&format=xlsx';
  } catch (e) {
    $('status').textContent = '查询失败：' + e.message;
  }
}

REPORTS.forEach(([id, title]) => { const o = element('option', title); o.value = id; $('report').appendChild(o); });
const params = new URLSearchParams(location.search);
['report', 'from', 'to', 'tz', 'interval', 'sl'].forEach((k) => { if (params.get(k)) $(k).value = params.get(k); });
if (params.getAll('queue').length) $('queue').value = params.getAll('queue').join(',');
if (!$('from').value) $('from').value = today($('tz').value);
if (!$('to').value) $('to').value = $('from').value;
$('report-form').addEventListener('submit', (e) => { e.preventDefault(); load(); });
['report', 'interval', 'tz'].forEach((id) => $(id).addEventListener('change', load));
$('metric').addEventListener('change', renderChart);
$('logout').addEventListener('click', async () => { await post('/api/logout'); location.assign('/login'); });
window.addEventListener('resize', () => chart.resize());

const who = await me();
if (who) {
  $('who').textContent = who.user;
  load();
}
