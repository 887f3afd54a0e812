// The team leader's grid: every agent's state, time in state and pause reason; force and broadcast.
//
// Live by polling GET /api/supervisor/agents once a second rather than by a WebSocket: a hall has a handful of
// team-leader screens, so one small JSON answer per screen per second costs nothing; the answer is the whole
// truth each time (no sequence numbers to resume, nothing to miss after a node restart or a Redis blip), it
// passes every proxy, and it keeps the server's socket code to the desktops' /ws/agent. The timers tick locally
// between answers from the server's time, so the screen's own clock never matters.
import { element, getJson, me, post } from './api.js';

const STATE_NAMES = { ready: '空闲', ringing: '振铃', on_call: '通话', wrap_up: '话后', not_ready: '示忙',
  logged_out: '未登录' };
const COUNT_NAMES = { ...STATE_NAMES, phone_offline: '话机离线' };
const REQUEST_NAMES = { login: '签入', ready: '置闲', not_ready: '示忙', logout: '签出' };
const POLL_MS = 1000;

let serverAtMonotonic = null; // server epoch ms minus performance.now() at the last answer
let latest = { agents: [], reasons: [], redFactor: 2 };
let failingSince = null;
const cards = new Map();
let forcing = null; // { agent, action } while the dialog is open

const serverNow = () => (serverAtMonotonic === null ? Date.now() : serverAtMonotonic + performance.now());
const two = (n) => String(n).padStart(2, '0');
const hms = (ms) => { const d = new Date(ms + 8 * 3600 * 1000); return two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + ':' + two(d.getUTCSeconds()); };
const elapsed = (ms) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  return (h > 0 ? h + ':' + two(Math.floor(s / 60) % 60) : Math.floor(s / 60)) + ':' + two(s % 60);
};

// the admin's label of a pause reason code; reasons the desk sets itself (未就绪, 小结超时 …) are their own label
const label = (code) => (latest.reasons.find((r) => r.code === code) || {}).label || code;

function level(agent, inState) {
  if (agent.state !== 'not_ready' || !agent.limitMs) return '';
  if (inState >= latest.redFactor * agent.limitMs) return 'red';
  return inState >= agent.limitMs ? 'amber' : '';
}

function card(agent) {
  let c = cards.get(agent.agent);
  if (c) return c;
  const root = element('article', null, 'sv-card');
  root.dataset.agent = agent.agent;
  const head = element('div', null, 'head');
  head.append(element('span', agent.agent, 'id'), element('span', '', 'ext'));
  const line = element('div');
  line.append(element('span', '', 'state'), element('span', '', 'timer'));
  const actions = element('div', null, 'actions');
  for (const [action, label] of [['ready', '置闲'], ['not_ready', '示忙'], ['logout', '签出']]) {
    const b = element('button', label);
    b.type = 'button';
    b.dataset.action = action;
    b.addEventListener('click', () => openForce(agent.agent, action));
    actions.append(b);
  }
  root.append(head, line, element('div', '', 'reason'), element('div', '', 'pending'), element('div', '', 'flag'),
    element('div', '', 'queues'), actions);
  c = { root, agent };
  cards.set(agent.agent, c);
  return c;
}

function render() {
  const queue = document.getElementById('filter-queue').value;
  const state = document.getElementById('filter-state').value;
  const grid = document.getElementById('grid');
  const shown = [];
  for (const a of latest.agents) {
    if ((queue && !a.queues.includes(queue)) || (state && a.state !== state)) continue;
    const c = card(a);
    c.agent = a;
    const r = c.root;
    r.dataset.state = a.state;
    r.querySelector('.ext').textContent = a.extension ? '分机 ' + a.extension : '';
    r.querySelector('.state').textContent = STATE_NAMES[a.state] || a.state;
    r.querySelector('.reason').textContent = a.state === 'not_ready' && a.reason ? '原因：' + label(a.reason) : '';
    const pending = [];
    if (a.request) pending.push('待确认：' + (REQUEST_NAMES[a.request.kind] || a.request.kind) + (a.request.reason ? '（' + a.request.reason + '）' : ''));
    if (a.pendingNotReady) pending.push('话后示忙：' + a.pendingNotReady);
    if (a.pendingLogout) pending.push('话后签出');
    r.querySelector('.pending').textContent = pending.join(' · ');
    const flags = [];
    if (a.phone === 'offline') flags.push('话机离线');
    if (a.removedByPhoneSystem) flags.push('已被电话系统移出');
    if (a.refused) flags.push('未生效：' + a.refused);
    if (a.unsaved) flags.push('未保存');
    const flag = r.querySelector('.flag');
    flag.textContent = flags.join(' · ');
    flag.classList.toggle('bad', flags.length > 0);
    r.querySelector('.queues').textContent = a.queues.join('、');
    for (const b of r.querySelectorAll('button')) b.disabled = a.state === 'logged_out';
    shown.push(r);
  }
  grid.replaceChildren(...shown);
  tick();
  // A logged-in agent whose phone is offline (unregistered, or an interface naming no device) takes no call
  // whatever its pause says (app_queue's is_member_available), so it is counted apart, as the wallboard does.
  const by = {};
  latest.agents.forEach((a) => {
    const k = a.phone === 'offline' && a.state !== 'logged_out' ? 'phone_offline' : a.state;
    by[k] = (by[k] || 0) + 1;
  });
  document.getElementById('counts').textContent = Object.keys(COUNT_NAMES).filter((s) => by[s])
    .map((s) => COUNT_NAMES[s] + ' ' + by[s]).join(' · ') + ' · 共 ' + latest.agents.length + ' 人';
}

// Every 250 ms between answers: the timers and the amber/red of the pauses follow the server's clock.
function tick() {
  const now = serverNow();
  document.getElementById('clock').textContent = hms(now);
  for (const c of cards.values()) {
    const a = c.agent;
    const inState = a.since ? Math.max(0, now - (a.receivedAt - a.inStateMs)) : 0;
    c.root.querySelector('.timer').textContent = a.since ? elapsed(inState) : '';
    const l = level(a, inState);
    c.root.classList.remove('amber', 'red');
    const reason = c.root.querySelector('.reason');
    reason.classList.remove('amber', 'red');
    if (l) {
      c.root.classList.add(l);
      reason.classList.add(l);
    }
  }
}

function queuesInto(select) {
  const known = new Set([...select.options].map((o) => o.value));
  const all = new Set();
  latest.agents.forEach((a) => a.queues.forEach((q) => all.add(q)));
  [...all].sort().filter((q) => !known.has(q)).forEach((q) => {
    const o = element('option', q);
    o.value = q;
    select.append(o);
  });
}

async function poll() {
  try {
    const body = await getJson('/api/supervisor/agents');
    serverAtMonotonic = body.serverTime - performance.now();
    body.agents.forEach((a) => { a.receivedAt = body.serverTime; });
    latest = body;
    failingSince = null;
    document.getElementById('stale').hidden = true;
    queuesInto(document.getElementById('filter-queue'));
    render();
  } catch (e) {
    if (failingSince === null) failingSince = serverNow();
    const stale = document.getElementById('stale');
    stale.textContent = '数据暂停更新 since ' + hms(failingSince) + '（' + e.message + '）';
    stale.hidden = false;
  }
  setTimeout(poll, POLL_MS);
}

function openForce(agent, action) {
  forcing = { agent, action };
  const titles = { ready: '强制置闲', not_ready: '强制示忙', logout: '强制签出' };
  document.getElementById('force-title').textContent = titles[action] + '：' + agent;
  const pause = document.getElementById('force-pause');
  pause.replaceChildren(...latest.reasons.map((r) => {
    const o = element('option', r.label + '（' + Math.round(r.limitMs / 60000) + '分钟）');
    o.value = r.code;
    return o;
  }));
  document.getElementById('force-pause-row').hidden = action !== 'not_ready';
  document.getElementById('force-reason').value = '';
  document.getElementById('force-error').textContent = '';
  document.getElementById('force-dialog').showModal();
  document.getElementById('force-reason').focus();
}

async function confirmForce(event) {
  event.preventDefault();
  if (!forcing) return;
  const payload = { action: forcing.action, reason: document.getElementById('force-reason').value };
  if (forcing.action === 'not_ready') payload.pauseReason = document.getElementById('force-pause').value;
  const error = document.getElementById('force-error');
  if (!payload.reason.trim()) {
    error.textContent = '请填写操作理由';
    return;
  }
  const response = await post('/api/supervisor/agents/' + encodeURIComponent(forcing.agent) + '/force', payload);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    error.textContent = '未执行：' + (body.error || ('HTTP ' + response.status));
    return;
  }
  document.getElementById('force-dialog').close();
  forcing = null;
}

async function sendBroadcast(event) {
  event.preventDefault();
  const text = document.getElementById('broadcast-text').value;
  const toText = document.getElementById('broadcast-to').value.trim();
  const status = document.getElementById('broadcast-status');
  const payload = { text };
  if (toText) payload.to = toText.split(/[,，\s]+/).filter((s) => s);
  const response = await post('/api/supervisor/broadcast', payload);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    status.textContent = '未发送：' + (body.error || ('HTTP ' + response.status));
    return;
  }
  status.textContent = '已发送 ' + hms(body.at);
  const item = element('li', hms(body.at) + ' → ' + (Array.isArray(body.to) ? body.to.join('、') : '全体') + '：' + text);
  document.getElementById('broadcast-sent').prepend(item);
  document.getElementById('broadcast-text').value = '';
  document.getElementById('broadcast-count').textContent = '0/500';
}

async function main() {
  const who = await me();
  if (!who) return;
  document.getElementById('who').textContent = who.user;
  document.getElementById('filter-queue').addEventListener('change', render);
  document.getElementById('filter-state').addEventListener('change', render);
  document.getElementById('force-form').addEventListener('submit', confirmForce);
  document.getElementById('force-cancel').addEventListener('click', () => {
    forcing = null;
    document.getElementById('force-dialog').close();
  });
  document.getElementById('broadcast-form').addEventListener('submit', sendBroadcast);
  document.getElementById('broadcast-text').addEventListener('input', (e) => {
    document.getElementById('broadcast-count').textContent = [...e.target.value].length + '/500';
  });
  setInterval(tick, 250);
  poll();
}

main();
