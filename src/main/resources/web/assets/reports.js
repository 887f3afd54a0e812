// Historical reports: one generic view of any statistics report (GET /api/stats/<report>): a sortable table and an
// ECharts chart drawn from the very same rows, and exports that ask the same URL for CSV or XLSX (the browser
// sends the session cookie: no token ever goes into a URL). In the call detail, a row opens that call's IVR path
// and queue stints.
import { me, getJson, post, element } from './api.js';
import { cellText, count, sortValue } from './report-cells.js';
import { barOption, funnelOption, heatmapOption, matrixOption, shiftDays, timeOption } from './report-charts.js';

const REPORTS = [
  ['queues', '队列时段报表', '/api/stats/queues'], ['outcomes', '来电结果', '/api/stats/outcomes'],
  ['agents', '坐席绩效', '/api/stats/agents'], ['agent-states', '坐席状态', '/api/stats/agent-states'],
  ['topics', '话题', '/api/stats/topics'], ['routing', '话题路由矩阵', '/api/stats/routing'],
  ['ivr-funnel', 'IVR 漏斗', '/api/stats/ivr-funnel'],
  ['satisfaction', '满意度', '/api/stats/satisfaction'], ['abandoned', '放弃来电与回拨', '/api/stats/abandoned'],
  ['repeat-callers', '重复来电', '/api/stats/repeat-callers'], ['heatmap', '来电热力图', '/api/stats/heatmap'],
  ['work-orders', '工单', '/api/stats/work-orders'], ['calls', '通话明细', '/api/calls'],
];
// Lists typed into the filter boxes, sent as repeated parameters.
const LISTS = ['queue', 'agent', 'topic', 'entry'];
const $ = (id) => document.getElementById(id);
const chart = echarts.init($('chart'), null, { locale: 'ZH' });
let current = null; // { columns, rows, meta, earlier }
let sort = { key: null, dir: 1 };
// The table shows a page of rows at a time (the chart and the exports always hold all of them): a full day of
// quarter-hours for 20 queues is 1,920 rows, more than anyone reads at once and slow to lay out.
const PAGE_ROWS = 200;
let pageIndex = 0;

function today(tz) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
const list = (id) => $(id).value.split(/[,，\s]+/).filter(Boolean);
const isCalls = () => $('report').value === 'calls';

// The call detail search takes no interval, thresholds or dialled number; every report takes the rest.
function query() {
  const p = new URLSearchParams({ from: $('from').value, to: $('to').value, tz: $('tz').value });
  if (!isCalls()) p.set('interval', $('interval').value);
  LISTS.filter((k) => !(isCalls() && k === 'entry')).forEach((k) => list(k).forEach((v) => p.append(k, v)));
  if ($('sl').value && !isCalls()) p.set('sl', $('sl').value);
  if ($('survey').value && isCalls()) p.set('survey', $('survey').value);
  return p;
}
function reportPath() {
  return REPORTS.find((r) => r[0] === $('report').value)[2];
}
// The daily queue report also shows the same weekdays a week earlier.
const overlaid = () => $('report').value === 'queues' && $('interval').value === 'day';

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
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_ROWS));
  pageIndex = Math.min(pageIndex, pages - 1);
  $('pager').hidden = pages === 1;
  $('page-of').textContent = '第 ' + (pageIndex + 1) + ' / ' + pages + ' 页';
  $('page-prev').disabled = pageIndex === 0;
  $('page-next').disabled = pageIndex === pages - 1;
  $('table').tBodies[0].replaceChildren(...shown.slice(pageIndex * PAGE_ROWS, (pageIndex + 1) * PAGE_ROWS).map((row) => {
    const tr = element('tr');
    columns.forEach((c) => {
      const v = row[c.key];
      const td = element('td', cellText(c.kind, v, c.key), c.kind === 'text' || c.kind === 'time' ? '' : 'num');
      if (c.kind === 'kpi' && v) {
        td.title = count(v.numerator) + ' / ' + count(v.denominator);
        if (v.provisional) td.classList.add('provisional');
      }
      tr.appendChild(td);
    });
    if (isCalls() && row.call_id) {
      tr.classList.add('opens');
      tr.tabIndex = 0;
      tr.addEventListener('click', () => openCall(row.call_id));
      tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') openCall(row.call_id); });
    }
    return tr;
  }));
}

function renderChart() {
  const { columns, rows } = current;
  const report = $('report').value;
  let option = null;
  $('chart').hidden = isCalls(); // single calls make no curve: the detail list is the view
  if (isCalls()) {
    // nothing to draw
  } else if (report === 'heatmap') {
    option = heatmapOption(columns, rows);
  } else if (report === 'ivr-funnel') {
    option = funnelOption(rows);
  } else if (report === 'routing') {
    option = matrixOption(rows);
  } else {
    const metric = columns.find((c) => c.key === $('metric').value);
    if (metric) {
      option = columns.some((c) => c.kind === 'time') ? timeOption(columns, rows, metric, current.earlier)
        : barOption(columns, rows, metric);
    }
  }
  if (option) {
    chart.resize();
    chart.setOption(option, true);
  } else {
    chart.clear();
  }
}

function fillMetrics() {
  const keep = $('metric').value;
  const numeric = current.columns.filter((c) => c.kind === 'count' || c.kind === 'kpi' || c.kind === 'duration_ms');
  $('metric').replaceChildren(...numeric.map((c) => { const o = element('option', c.label); o.value = c.key; return o; }));
  if (numeric.some((c) => c.key === keep)) $('metric').value = keep;
}

// A newer query supersedes an older one still on its way: its late answer must not replace the newer table.
let latest = 0;

async function load() {
  const mine = ++latest;
  const params = query();
  const path = reportPath() + '?' + params.toString();
  history.replaceState(null, '', '/manager/reports?report=' + $('report').value + '&' + params.toString());
  $('status').textContent = '查询中…';
  $('call-detail').hidden = true;
  try {
    const body = await getJson(path);
    let earlier = null;
    if (overlaid()) {
      const before = new URLSearchParams(params);
      before.set('from', shiftDays($('from').value, -7));
      before.set('to', shiftDays($('to').value, -7));
      earlier = (await getJson(reportPath() + '?' + before.toString())).rows;
    }
    if (mine !== latest) return;
    current = { columns: body.columns, rows: body.rows, meta: body.meta || {}, earlier };
    pageIndex = 0;
    fillMetrics();
    renderTable();
    renderChart();
    const zone = current.meta.zone || $('tz').value;
    $('zone').textContent = '时区：' + zone + (current.meta.service_level_seconds ? '　服务水平阈值：' + current.meta.service_level_seconds + ' 秒' : '');
    $('status').textContent = '共 ' + count(body.rows.length) + ' 行' + (body.rows.some((r) => Object.values(r).some((v) => v && v.provisional)) ? '（* 为暂定数字）' : '')
      + (earlier ? '　虚线：上周同日' : '') + (isCalls() ? '　点击一行查看该通话的 IVR 路径与排队' : '');
    $('dissatisfied').hidden = $('report').value !== 'satisfaction';
    $('export-csv').href = reportPath() + '?' + params.toString() + '&format=csv';
    $('export-xlsx').href = reportPath() + '?' + params.toString() + '&format=xlsx';
  } catch (e) {
    if (mine === latest) $('status').textContent = '查询失败：' + e.message;
  }
}

function detailTable(part) {
  const table = element('table', null, 'report-table');
  const head = element('tr');
  part.columns.forEach((c) => head.appendChild(element('th', c.label)));
  table.createTHead().appendChild(head);
  const body = table.createTBody();
  part.rows.forEach((row) => {
    const tr = element('tr');
    part.columns.forEach((c) => tr.appendChild(element('td', cellText(c.kind, row[c.key], c.key))));
    body.appendChild(tr);
  });
  return table;
}

// One call: the summary, where the caller went in the IVR and how each queue stint ended. A call id's '/' is
// written '~' in the address.
async function openCall(callId) {
  const box = $('call-detail');
  try {
    const detail = await getJson('/api/calls/' + encodeURIComponent(String(callId).replaceAll('/', '~')));
    const summary = element('dl', null, 'call-summary');
    Object.entries(detail.call).forEach(([k, v]) => {
      summary.append(element('dt', k), element('dd', v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : v));
    });
    box.replaceChildren(element('h2', '通话 ' + callId), summary, element('h3', 'IVR 路径'), detailTable(detail.path),
      element('h3', '排队'), detailTable(detail.stints));
  } catch (e) {
    box.replaceChildren(element('p', '无法打开通话 ' + callId + '：' + e.message, 'status'));
  }
  box.hidden = false;
}

REPORTS.forEach(([id, title]) => { const o = element('option', title); o.value = id; $('report').appendChild(o); });
const params = new URLSearchParams(location.search);
['report', 'from', 'to', 'tz', 'interval', 'sl', 'survey'].forEach((k) => { if (params.get(k)) $(k).value = params.get(k); });
LISTS.forEach((k) => { if (params.getAll(k).length) $(k).value = params.getAll(k).join(','); });
if (!$('from').value) $('from').value = today($('tz').value);
if (!$('to').value) $('to').value = $('from').value;
$('report-form').addEventListener('submit', (e) => { e.preventDefault(); load(); });
['report', 'interval', 'tz', 'survey'].forEach((id) => $(id).addEventListener('change', load));
// the satisfaction report lists its dissatisfied calls in the call detail
$('dissatisfied').addEventListener('click', (e) => {
  e.preventDefault();
  $('report').value = 'calls';
  $('survey').value = 'dissatisfied';
  load();
});
$('metric').addEventListener('change', renderChart);
$('page-prev').addEventListener('click', () => { pageIndex--; renderTable(); });
$('page-next').addEventListener('click', () => { pageIndex++; renderTable(); });
$('logout').addEventListener('click', async () => { await post('/api/logout'); location.assign('/login'); });
window.addEventListener('resize', () => chart.resize());

const who = await me();
if (who) {
  $('who').textContent = who.user;
  load();
}
