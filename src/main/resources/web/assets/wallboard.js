// The call hall's wallboard: figures pushed by /ws/wallboard (a snapshot, then deltas), shown on a TV from 5 m.
// Times come from the server: the TV's own clock may be wrong, so only its monotonic clock measures elapsed time.
import { element, me } from './api.js';

const QUEUE_NAMES = { 'hotline-general': '综合咨询', 'hotline-pension': '养老保险', 'hotline-unemployment': '失业保险',
  'hotline-card': '社保卡', 'labour-inspection': '劳动监察', 'hotline-personnel': '人事人才', 'hotline-accessibility': '无障碍服务' };
// Where a figure turns amber and red; 'down' = lower is worse. Queues may bring their own under threshold.<fig>.
const THRESHOLDS = {
  sl: { bad: 'down', amber: 0.8, red: 0.6 }, answerRate: { bad: 'down', amber: 0.9, red: 0.8 },
  csat: { bad: 'down', amber: 0.9, red: 0.8 }, selfService: { bad: 'down', amber: 0.3, red: 0.2 },
  abandonRate: { bad: 'up', amber: 0.05, red: 0.1 }, asa: { bad: 'up', amber: 20000, red: 40000 },
  longest: { bad: 'up', amber: 60000, red: 180000 }, waiting: { bad: 'up', amber: 5, red: 15 },
};

let figures = {};
let seq = -1;
let serverAtMonotonic = null; // server epoch ms minus performance.now() at the last message
let lastMessageServerTime = null;
let socket = null;
let retryMs = 1000;

const serverNow = () => (serverAtMonotonic === null ? Date.now() : serverAtMonotonic + performance.now());
const two = (n) => String(n).padStart(2, '0');
const hms = (ms) => { const d = new Date(ms + 8 * 3600 * 1000); return two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + ':' + two(d.getUTCSeconds()); };
const count = (v) => (v === undefined || v === null ? '—' : Number(v).toLocaleString('zh-CN'));
const duration = (ms) => {
  if (ms === undefined || ms === null) return '—';
  const s = Math.max(0, Math.floor(ms / 1000));
  return s >= 60 ? Math.floor(s / 60) + ':' + two(s % 60) : s + '秒';
};
const percent = (k) => (!k || k.value === null || k.value === undefined ? '—' : (k.value * 100).toFixed(1) + '%');

function level(fig, value, queue) {
  const t = { ...THRESHOLDS[fig], ...(figures['threshold.*.' + fig] || {}),
    ...(queue ? figures['threshold.' + queue + '.' + fig] || {} : {}) };
  if (!t.bad || value === null || value === undefined) return '';
  if (t.bad === 'down') return value < t.red ? 'red' : value < t.amber ? 'amber' : '';
  return value >= t.red ? 'red' : value >= t.amber ? 'amber' : '';
}

function show(cell, text, fig, raw, queue) {
  cell.textContent = text;
  cell.classList.remove('amber', 'red');
  const l = fig ? level(fig, raw, queue) : '';
  if (l) cell.classList.add(l);
  if (raw && typeof raw === 'object' && 'numerator' in raw) {
    cell.title = raw.numerator + ' / ' + raw.denominator + (raw.provisional ? '（暂定）' : '');
  }
}

function longestWait(prefix) {
  const since = figures[prefix + '.longestSince'];
  return since === undefined ? null : serverNow() - since;
}

function periodCells(prefix) {
  const k = (f) => figures[prefix + '.' + f];
  return [
    [count(k('offered'))], [count(k('answered'))], [percent(k('sl')), 'sl', k('sl')?.value],
    [percent(k('answerRate')), 'answerRate', k('answerRate')?.value], [duration(k('asa')), 'asa', k('asa')],
    [count(k('abandoned'))], [percent(k('abandonRate')), 'abandonRate', k('abandonRate')?.value],
    [percent(k('selfService')), 'selfService', k('selfService')?.value], [percent(k('csat')), 'csat', k('csat')?.value],
  ];
}

function fill(row, cells, queue) {
  while (row.cells.length < cells.length + 1) row.appendChild(element('td', '', 'num'));
  cells.forEach(([text, fig, raw], i) => show(row.cells[i + 1], text, fig, raw, queue));
}

function queues() {
  const names = new Set();
  Object.keys(figures).forEach((k) => { if (k.startsWith('q.')) names.add(k.slice(2, k.indexOf('.', 2))); });
  return [...names].sort();
}

function render() {
  document.getElementById('clock').textContent = hms(serverNow());
  const set = (id, text, fig, raw) => show(document.getElementById(id), text, fig, raw);
  set('t-ivr', count(figures['total.ivr']));
  set('t-waiting', count(figures['total.waiting']), 'waiting', figures['total.waiting']);
  const longest = longestWait('total');
  set('t-longest', duration(longest), 'longest', longest);
  ['ready', 'on_call', 'ringing', 'wrap_up', 'not_ready', 'offline'].forEach((s) => set('t-' + s, count(figures['total.agents.' + s])));
  set('t-callback', count(figures['total.pending.callback']));
  set('t-message', count(figures['total.pending.message']));
  document.querySelectorAll('#periods tr[data-period]').forEach((row) => fill(row, periodCells('total.' + row.dataset.period)));
  const body = document.querySelector('#queues tbody');
  const names = queues();
  if (body.dataset.names !== names.join('|')) {
    body.replaceChildren(...names.map((q) => {
      const row = element('tr');
      row.dataset.queue = q;
      const head = element('th', QUEUE_NAMES[q] || q);
      head.title = q;
      row.appendChild(head);
      return row;
    }));
    body.dataset.names = names.join('|');
  }
  body.querySelectorAll('tr').forEach((row) => {
    const q = row.dataset.queue;
    const p = 'q.' + q;
    const wait = longestWait(p);
    const today = periodCells(p + '.today');
    const hour = periodCells(p + '.hour');
    fill(row, [[count(figures[p + '.waiting']), 'waiting', figures[p + '.waiting']], [duration(wait), 'longest', wait],
      ...['ready', 'on_call', 'ringing', 'wrap_up', 'not_ready', 'offline'].map((s) => [count(figures[p + '.agents.' + s])]),
      today[0], today[1], today[2], today[3], today[4], today[6], hour[2]], q);
  });
  const reasons = Object.keys(figures).filter((k) => k.startsWith('total.notReady.'))
    .map((k) => k.slice('total.notReady.'.length) + ' ' + figures[k]);
  document.getElementById('not-ready').textContent = reasons.length ? '示忙原因：' + reasons.join('　') : '';
}

function stale(sinceServerMs) {
  const banner = document.getElementById('stale');
  banner.textContent = '数据暂停更新 since ' + hms(sinceServerMs);
  banner.hidden = false;
}

function fresh() {
  document.getElementById('stale').hidden = true;
}

function onMessage(event) {
  const msg = JSON.parse(event.data);
  serverAtMonotonic = msg.serverTime - performance.now();
  lastMessageServerTime = msg.serverTime;
  if (msg.type === 'snapshot') {
    figures = msg.figures;
    seq = msg.seq;
    fresh();
  } else if (msg.type === 'delta') {
    if (msg.base !== seq) {
      socket.send(JSON.stringify({ type: 'snapshot' }));
      return;
    }
    Object.assign(figures, msg.set);
    msg.remove.forEach((k) => delete figures[k]);
    seq = msg.seq;
    fresh();
  } else if (msg.type === 'stale') {
    stale(msg.since);
  } else if (msg.type === 'heartbeat' && msg.seq !== seq) {
    socket.send(JSON.stringify({ type: 'snapshot' }));
  }
  render();
}

function connect() {
  socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/wallboard');
  socket.addEventListener('open', () => { retryMs = 1000; });
  socket.addEventListener('message', onMessage);
  socket.addEventListener('close', async () => {
    stale(lastMessageServerTime === null ? serverNow() : lastMessageServerTime);
    // A session that expired (or was logged out) would refuse every reconnect: me() sends the screen to the login.
    try {
      if (!(await me())) return;
    } catch (e) {
      // the server is away: keep trying below
    }
    // Back off with jitter, so a hall of screens does not reconnect in one wave after a restart.
    setTimeout(connect, retryMs + Math.random() * 500);
    retryMs = Math.min(retryMs * 2, 15000);
  });
}

connect();
setInterval(render, 1000);
