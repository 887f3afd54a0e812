// The agent desktop: confirmed state and pending requests from /ws/agent, the pop, the knowledge base beside it and
// the wrap-up. Durations count on the server's clock (each frame carries serverTime), never the browser's.
import { me, getJson, post, element } from './api.js';

const $ = (id) => document.getElementById(id);
const STATES = { LOGGED_OUT: '未签入', READY: '就绪', RINGING: '振铃', ON_CALL: '通话中', WRAP_UP: '话后小结', NOT_READY: '示忙' };
const REQUESTS = { LOGIN: '签入', READY: '就绪', NOT_READY: '示忙', LOGOUT: '签出' };
let desk = null;
let agent = null;
let pop = null;
let offset = 0; // server clock minus ours
let lastSeq = null;
let socket = null;
let stopped = false;
let codes = null;

const serverNow = () => Date.now() + offset;
const clockFrom = (frame) => { if (frame.serverTime) { offset = frame.serverTime - Date.now(); } };

function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n) => String(n).padStart(2, '0');
  return (h ? h + ':' + pad(m) : m) + ':' + pad(s % 60);
}

function show(id, visible) { $(id).hidden = !visible; }

function say(text) { $('action-status').textContent = text; }

function applyAgent(a, fromAnswer) {
  // An HTTP answer may arrive after the frames that followed it: never step back to an older picture. A frame
  // made in the same millisecond as an answer is the later one (the answer's picture was taken first), so an
  // answer must be strictly newer to replace what the socket showed.
  if (!a || (agent && (a.serverTime < agent.serverTime || (fromAnswer && a.serverTime === agent.serverTime)))) { return; }
  const was = agent;
  agent = a;
  const loggedIn = a.state !== 'LOGGED_OUT' || (a.request && a.request.kind === 'LOGIN');
  show('login-panel', !loggedIn);
  show('status-panel', loggedIn);
  $('state').textContent = STATES[a.state] || a.state;
  $('state-badge').textContent = STATES[a.state] || a.state;
  $('state-badge').dataset.state = a.state;
  $('state-reason').textContent = a.state === 'NOT_READY' && a.reason ? '（' + a.reason + '）' : '';
  const pending = [];
  if (a.request) {
    pending.push('请求中：' + (REQUESTS[a.request.kind] || a.request.kind) + (a.request.reason ? '（' + a.request.reason + '）' : ''));
  }
  if (a.pendingNotReady) { pending.push('本通话后示忙：' + a.pendingNotReady); }
  if (a.pendingLogout) { pending.push('本通话后签出'); }
  if (a.refused) { pending.push('未生效：' + a.refused); }
  $('pending').textContent = pending.join('；');
  const phone = [];
  if (a.extension) { phone.push('分机 ' + a.extension); }
  if (a.phoneOffline) { phone.push('话机离线'); }
  if (a.removedByPhoneSystem) { phone.push('已被电话系统移出队列'); }
  $('phone').textContent = phone.join(' · ');
  show('banner-data', !!a.unsaved || $('banner-data').dataset.down === '1');
  if (a.state === 'WRAP_UP' && a.wrapupDeadline) {
    openWrapup();
  } else if (a.state !== 'WRAP_UP') {
    show('wrapup', false);
    if ((a.state === 'READY' || a.state === 'NOT_READY' || a.state === 'LOGGED_OUT') && was && was.state === 'WRAP_UP') {
      clearPop();
    }
  }
  tick();
}

function tick() {
  if (agent) {
    $('state-time').textContent = duration(serverNow() - agent.since);
    if (agent.state === 'WRAP_UP' && agent.wrapupDeadline) {
      $('wrapup-countdown').textContent = '剩余 ' + duration(agent.wrapupDeadline - serverNow());
    }
  }
  if (pop && pop.enteredAt) {
    const until = agent && (agent.state === 'RINGING') ? serverNow() : (pop.offeredAt || serverNow());
    const waited = until - pop.enteredAt;
    // a context written on another clock (a pinned test clock, a box out of step) says nothing true: show none
    $('pop-waited').textContent = waited >= 0 && waited < 6 * 3600 * 1000 ? duration(waited) : '—';
  }
}

function clearPop() {
  pop = null;
  show('pop', false);
}

// The pop is drawn from its frame alone, at once; what needs a request (the KB prefill, the caller's history)
// starts only after the browser has painted it, and is dropped if another pop came meanwhile.
function showPop(p) {
  pop = p;
  $('pop-caller').textContent = p.caller || '未知号码';
  $('pop-queue').textContent = p.queue || '';
  $('pop-path').textContent = p.pathText || '无IVR信息';
  $('pop-topics').textContent = (p.topics || []).map((t) => t.name).join('、') || '—';
  $('pop-services').textContent = (p.selfService || []).join('；') || '—';
  $('pop-id').textContent = p.citizenId || '—';
  $('pop-waited').textContent = '—';
  $('history').replaceChildren();
  show('pop', true);
  tick();
  afterPaint(() => { if (pop === p) { popDetails(p); } });
}

// A hidden page paints nothing and runs no animation frames: there the work runs at once.
function afterPaint(work) {
  if (document.hidden) { setTimeout(work, 0); } else { requestAnimationFrame(() => setTimeout(work, 0)); }
}

async function popDetails(p) {
  const topic = (p.topics || [])[0];
  if (topic && !$('kb-q').value) {
    $('kb-q').value = topic.name;
    search();
  }
  if (p.callerHash) {
    try {
      const h = await getJson('/api/callers/' + encodeURIComponent(p.callerHash) + '/history?limit=20');
      if (pop !== p) { return; }
      const rows = h.calls.filter((c) => c.callId !== p.callId.replace('~', '/')).map((c) => {
        const tr = element('tr');
        const w = (c.wrapups || [])[0];
        tr.append(element('td', (c.at || '').slice(0, 10)), element('td', (c.topics || []).map((t) => t.name).join('、')),
          element('td', c.outcome), element('td', c.agent || ''), element('td', w ? (w.label || w.code) + ' / ' + (w.resolutionName || '') : ''));
        return tr;
      });
      $('history').replaceChildren(...(rows.length ? rows : [element('tr', '无')]));
    } catch (e) {
      if (pop === p) { $('history').replaceChildren(element('tr', '来电记录暂不可用：' + e.message)); }
    }
  }
}

async function openWrapup() {
  if (!$('wrapup').hidden) { return; }
  show('wrapup', true);
  $('wrapup-status').textContent = '';
  $('wrapup-notes').value = '';
  if (!codes) {
    try { codes = await getJson('/api/agent/wrapup-codes'); } catch (e) { $('wrapup-status').textContent = e.message; return; }
    $('wrapup-topic').replaceChildren(...codes.topics.map((t) => { const o = element('option', t.name); o.value = t.id; return o; }));
    $('wrapup-resolution').replaceChildren(...codes.resolutions.map((r) => { const o = element('option', r.name); o.value = r.id; return o; }));
    fillCodes();
  }
  const topic = pop && (pop.topics || [])[0];
  if (topic && codes.topics.some((t) => t.id === topic.id)) {
    $('wrapup-topic').value = topic.id;
    fillCodes();
  }
  $('wrapup-topic').focus();
}

function fillCodes() {
  const t = codes.topics.find((x) => x.id === $('wrapup-topic').value) || codes.topics[0];
  $('wrapup-code').replaceChildren(...(t ? t.codes : []).map((c) => { const o = element('option', c.label); o.value = c.id; return o; }));
}

async function submitWrapup() {
  if ($('wrapup').hidden || !agent) { return; }
  const callId = pop ? pop.callId : null;
  if (!callId) { $('wrapup-status').textContent = '没有可小结的来电'; return; }
  const body = { callId, code: $('wrapup-code').value, resolution: $('wrapup-resolution').value,
    notes: $('wrapup-notes').value, idempotencyKey: $('wrapup-form').dataset.key || newKey() };
  $('wrapup-form').dataset.key = body.idempotencyKey;
  const r = await post('/api/agent/wrapup', body);
  const answer = await r.json().catch(() => ({}));
  if (r.ok) {
    delete $('wrapup-form').dataset.key;
    $('wrapup-status').textContent = '已提交';
    show('wrapup', false);
    applyAgent(answer.agent, true);
    // 需转办: the work-order panel opens its form prefilled from this call and the notes
    if (body.resolution === 'referred') {
      document.dispatchEvent(new CustomEvent('desk-call', { detail: { callId, notes: body.notes } }));
    }
  } else {
    $('wrapup-status').textContent = '提交失败：' + (answer.error || r.status);
  }
}

function newKey() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function act(path, payload) {
  const r = await post(path, payload);
  const answer = await r.json().catch(() => ({}));
  if (r.ok) {
    say('');
    applyAgent(answer.agent, true);
  } else {
    say('未执行：' + (answer.error || r.status));
    if (r.status === 503) { dataDown(true); }
  }
  return r;
}

function dataDown(down) {
  $('banner-data').dataset.down = down ? '1' : '0';
  show('banner-data', down || !!(agent && agent.unsaved));
}

async function login(takeOver) {
  const extension = $('extension').value.trim();
  const r = await post('/api/agent/login', { extension, takeOver });
  const answer = await r.json().catch(() => ({}));
  if (r.status === 409) {
    $('conflict-text').textContent = answer.error + '。是否在本页接管？另一处的页面将被关闭。';
    $('conflict').showModal();
    return;
  }
  if (!r.ok) {
    $('login-error').textContent = answer.error || ('HTTP ' + r.status);
    return;
  }
  $('login-error').textContent = '';
  localStorage.setItem('hotline.extension', extension);
  applyAgent(answer.agent, true);
  if (!socket) { connect(); }
}

// The searches asked for so far: an answer is shown only if no later search was asked for meanwhile (the pop's
// prefill and the agent's own question may be under way together, and the first asked may answer last).
let searchesAsked = 0;

async function search() {
  const text = $('kb-q').value.trim();
  if (!text) { return; }
  const asked = ++searchesAsked;
  // performance marks: the search's legs (server, then this page's render) for the desk benchmark and DevTools
  ['kb-search:submit', 'kb-search:answer', 'kb-search:listed'].forEach((m) => performance.clearMarks(m));
  performance.mark('kb-search:submit');
  $('kb-status').textContent = '搜索中…';
  try {
    const body = await getJson('/api/kb/search?' + new URLSearchParams({ q: text, limit: '8' }));
    if (asked !== searchesAsked) { return; }
    performance.mark('kb-search:answer', { detail: { tookMs: body.tookMs } });
    $('kb-results').replaceChildren(...body.hits.map((hit) => {
      const li = element('li', undefined, 'hit');
      const a = element('a', hit.title);
      a.href = '#' + hit.id;
      a.addEventListener('click', (e) => { e.preventDefault(); article(hit.id); });
      li.append(a, element('span', hit.categoryName, 'tag'));
      return li;
    }));
    $('kb-status').textContent = body.hits.length ? '“' + text + '”：' + body.total + ' 篇'
      : '“' + text + '”：没有找到相关文章' + (body.referral ? '，不属于12333受理范围，请引导来电人联系：' + body.referral.to : '');
    performance.mark('kb-search:listed');
  } catch (e) {
    if (asked === searchesAsked) { $('kb-status').textContent = '搜索失败：' + e.message; }
  }
}

async function article(id) {
  try {
    const a = await getJson('/api/kb/articles/' + encodeURIComponent(id));
    $('kb-title').textContent = a.title;
    // rendered by the server from Markdown with raw HTML escaped and unsafe links dropped (kb.ArticlePages)
    $('kb-body').innerHTML = a.html;
    show('kb-article', true);
  } catch (e) {
    $('kb-status').textContent = '打开文章失败：' + e.message;
  }
}

async function figures() {
  try {
    const body = await getJson('/api/stats/me');
    const row = (body.rows || [])[(body.rows || []).length - 1];
    const out = [];
    (body.columns || []).forEach((c, i) => {
      if (!row || c.kind === 'text' || c.kind === 'time' || out.length >= 16) { return; }
      let v = Array.isArray(row) ? row[i] : row[c.key];
      if (v && typeof v === 'object') { v = v.value; }
      if (v === null || v === undefined || typeof v === 'object') { return; }
      if (c.kind === 'duration_ms') { v = duration(Number(v)); }
      if (c.kind === 'kpi' && typeof v === 'number') { v = (v <= 1 ? (v * 100).toFixed(1) + '%' : v); }
      out.push(element('dt', c.label), element('dd', v));
    });
    $('figures').replaceChildren(...(out.length ? out : [element('dd', '今日暂无数据')]));
  } catch (e) {
    $('figures').replaceChildren(element('dd', '指标暂不可用'));
  }
}

function broadcast(body) {
  const text = body && (body.text || body.message) ? (body.text || body.message) : JSON.stringify(body);
  const from = body && body.from ? body.from + '：' : '';
  const li = element('li', '📢 ' + from + text);
  $('broadcasts').prepend(li);
  while ($('broadcasts').children.length > 5) { $('broadcasts').lastChild.remove(); }
}

function onFrame(f) {
  clockFrom(f);
  if (f.dataService !== undefined) { dataDown(!f.dataService); }
  if (f.seq !== undefined && f.type !== 'snapshot') {
    if (lastSeq !== null && f.seq <= lastSeq) { return; }
    if (lastSeq !== null && f.seq > lastSeq + 1) {
      socket.send(JSON.stringify({ type: 'snapshot' }));
    }
    lastSeq = f.seq;
  }
  switch (f.type) {
    case 'snapshot':
      lastSeq = f.seq;
      show('banner-phone', !f.phoneSystemUp);
      applyAgent(f.agent);
      if (f.pop) { showPop(f.pop); } else if (!['RINGING', 'ON_CALL', 'WRAP_UP'].includes(f.agent.state)) { clearPop(); }
      break;
    case 'state': applyAgent(f.agent); break;
    case 'pop': showPop(f.pop); break;
    case 'withdrawn':
      if (pop && pop.uniqueId === f.uniqueId && (!agent || agent.state === 'RINGING' || agent.state === 'READY' || agent.state === 'NOT_READY')) {
        clearPop();
      }
      break;
    case 'refused': say('电话系统未执行：' + f.says); break;
    case 'link': show('banner-phone', !f.up); break;
    case 'closed':
      if (!f.desk || f.desk === desk) { sessionElsewhere(f.why); }
      break;
    case 'notice':
      if (f.kind === 'broadcast') { broadcast(f.body); }
      document.dispatchEvent(new CustomEvent('desk-notice', { detail: { kind: f.kind, body: f.body } }));
      break;
    default: break;
  }
}

function sessionElsewhere(why) {
  stopped = true;
  $('banner-session-why').textContent = why || '';
  show('banner-session', true);
  show('banner-socket', false);
  document.querySelectorAll('.controls button, #wrapup-form button').forEach((b) => { b.disabled = true; });
}

function connect() {
  if (stopped) { return; }
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/agent'
    + (lastSeq !== null ? '?since=' + lastSeq : '');
  socket = new WebSocket(url);
  socket.addEventListener('open', () => show('banner-socket', false));
  socket.addEventListener('message', (e) => { try { onFrame(JSON.parse(e.data)); } catch (err) { console.error(err); } });
  socket.addEventListener('close', (e) => {
    socket = null;
    if (e.code === 4000) { sessionElsewhere($('banner-session-why').textContent); return; }
    if (!stopped) {
      show('banner-socket', true);
      setTimeout(connect, 1000 + Math.random() * 1000);
    }
  });
}

$('login-form').addEventListener('submit', (e) => { e.preventDefault(); login(false); });
$('conflict').addEventListener('close', () => {
  if ($('conflict').returnValue === 'take') {
    login(true);
  } else if (agent && agent.state !== 'LOGGED_OUT') {
    sessionElsewhere('未接管');
  }
});
$('ready').addEventListener('click', () => act('/api/agent/ready'));
$('not-ready').addEventListener('click', () => act('/api/agent/not-ready', { reason: $('reason').value }));
$('logout').addEventListener('click', () => act('/api/agent/logout'));
$('wrapup-topic').addEventListener('change', fillCodes);
$('wrapup-form').addEventListener('submit', (e) => { e.preventDefault(); submitWrapup(); });
$('kb-form').addEventListener('submit', (e) => { e.preventDefault(); search(); });
$('kb-close').addEventListener('click', () => show('kb-article', false));
$('page-logout').addEventListener('click', async () => { await post('/api/logout'); location.assign('/login'); });
document.addEventListener('keydown', (e) => {
  const key = e.key.toLowerCase();
  if (e.altKey && key === 'r') { e.preventDefault(); $('ready').click(); }
  else if (e.altKey && key === 'n') { e.preventDefault(); $('not-ready').click(); }
  else if (e.altKey && key === 'l') { e.preventDefault(); $('logout').click(); }
  else if (e.ctrlKey && e.key === 'Enter') { e.preventDefault(); submitWrapup(); }
  else if (e.key === 'Escape') { show('kb-article', false); }
  else if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName)) { e.preventDefault(); $('kb-q').focus(); }
});
setInterval(tick, 1000);
setInterval(() => { if (socket && socket.readyState === WebSocket.OPEN) { socket.send('{"type":"heartbeat"}'); } }, 20000);

const who = await me();
if (who) {
  $('who').textContent = who.user;
  $('extension').value = localStorage.getItem('hotline.extension') || '';
  const r = await fetch('/api/agent/me', { credentials: 'same-origin' });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) {
    $('banner-desk').textContent = '坐席服务不可用：' + (body.error || r.status);
    show('banner-desk', true);
  } else {
    desk = body.desk;
    $('reason').replaceChildren(...body.pauseReasons.map((p) => { const o = element('option', p.reason); o.value = p.reason; return o; }));
    clockFrom(body.agent);
    applyAgent(body.agent);
    show('banner-phone', !body.phoneSystemUp);
    connect();
    if (body.agent.state !== 'LOGGED_OUT' && body.agent.extension) {
      // already logged in: this page's desk, or another one (then the conflict dialog says where and since when)
      $('extension').value = body.agent.extension;
      login(false);
    }
    figures();
    setInterval(figures, 60000);
    // the work-order panel is another module's; it fills <section id="work-orders"> when it is in the jar
    import('/assets/work-orders.js').catch(() => { $('work-orders').hidden = true; });
  }
}
