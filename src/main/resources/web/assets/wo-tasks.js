// Callback and message tasks the IVR left: the open pool, oldest first. 领取 takes an exclusive lease (a second
// agent clicking at once gets "已被他人领取"); the holder sees the caller's context and where the message
// recording is, calls back, and records the result: the task closes, or goes back to the pool with its attempt count.
import { call, el, button, when, problem } from './wo-api.js';

const KINDS = { callback: '回拨', message: '留言' };
const RESULTS = [['reached', '已接通'], ['no_answer', '无人接听'], ['wrong_number', '号码错误'], ['resolved', '已解决']];
const RESULT_WORDS = Object.fromEntries(RESULTS);

export function tasksPanel(root, me) {
  let clickToCall = false;
  const box = el('section', undefined, 'wo-tasks');
  const head = el('div', undefined, 'wo-head');
  head.appendChild(el('h2', '回拨 / 留言任务'));
  const kind = document.createElement('select');
  kind.id = 'task-kind';
  [['', '全部'], ['callback', '回拨'], ['message', '留言']].forEach(([v, t]) => {
    const o = el('option', t); o.value = v; kind.appendChild(o);
  });
  head.append(kind, button('刷新', () => load()));
  const list = el('ul', undefined, 'task-list');
  list.id = 'task-list';
  const status = el('p', '', 'wo-status');
  status.id = 'task-status';
  status.setAttribute('aria-live', 'polite');
  const detail = el('div', undefined, 'wo-detail');
  detail.id = 'task-detail';
  detail.hidden = true;
  const layout = el('div', undefined, 'wo-split');
  const left = el('div');
  left.append(head, status, list);
  layout.append(left, detail);
  box.appendChild(layout);
  root.appendChild(box);

  async function load() {
    const params = new URLSearchParams({ limit: '100' });
    if (kind.value) {
      params.set('kind', kind.value);
    }
    const answer = await call('GET', '/api/tasks?' + params);
    if (answer.status !== 200) {
      status.textContent = '读取任务失败：' + problem(answer);
      return;
    }
    clickToCall = answer.body.clickToCall === true;
    list.replaceChildren(...answer.body.tasks.map(item));
    if (!answer.body.tasks.length) {
      list.appendChild(el('li', '任务池是空的', 'empty'));
    }
  }

  function item(t) {
    const li = el('li', undefined, 'task');
    li.dataset.id = t.id;
    li.append(el('span', KINDS[t.kind] || t.kind, 'badge'), el('span', when(t.createdAt), 'at'),
      el('span', t.number || '无号码'), el('span', t.queue || ''),
      el('span', '已尝试 ' + t.attempts + ' 次', 'attempts'));
    if (t.claimedBy) {
      li.append(el('span', t.claimedBy === me.user ? '我已领取' : '已被 ' + t.claimedBy + ' 领取', 'claimed'));
      if (t.claimedBy === me.user) {
        li.append(button('继续处理', () => show(t.id)));
      }
    } else {
      const claim = button('领取', () => claimTask(t.id), 'primary');
      claim.dataset.claim = t.id;
      li.append(claim);
    }
    return li;
  }

  async function claimTask(id) {
    const answer = await call('POST', '/api/tasks/' + encodeURIComponent(id) + '/claim');
    if (answer.status === 200) {
      status.textContent = '已领取任务 ' + id;
      await show(id);
    } else if (answer.status === 409) {
      status.textContent = '未能领取：已被他人领取或已关闭（' + problem(answer) + '）';
    } else {
      status.textContent = '未能领取：' + problem(answer);
    }
    await load();
  }

  async function show(id) {
    const answer = await call('GET', '/api/tasks/' + encodeURIComponent(id));
    if (answer.status !== 200) {
      status.textContent = '打开任务失败：' + problem(answer);
      return;
    }
    const t = answer.body;
    detail.hidden = false;
    detail.dataset.id = t.id;
    detail.replaceChildren(el('h3', (KINDS[t.kind] || t.kind) + '任务 ' + t.id));
    const facts = el('dl', undefined, 'wo-facts');
    const fact = (k, v) => { facts.append(el('dt', k), el('dd', v === null || v === undefined || v === '' ? '—' : v)); };
    const number = el('dd', t.number || '—');
    number.id = 'task-number';
    facts.append(el('dt', '回拨号码'), number);
    fact('来电', t.callId + ' · ' + when(t.createdAt));
    fact('队列 / 主题', (t.queue || '—') + ' / ' + ((t.topics || []).join('、') || '—'));
    fact('已尝试', t.attempts + ' 次' + (t.result ? '，上次：' + (RESULT_WORDS[t.result] || t.result) : ''));
    fact('领取至', when(t.claimedUntil));
    if (t.kind === 'message') {
      fact('留言录音', t.recording ? t.mailbox + ' 信箱 · ' + t.recording + '.wav' : '未找到录音位置');
    }
    detail.appendChild(facts);
    const ctx = el('p', '', 'wo-call');
    detail.appendChild(ctx);
    const wire = String(t.callId).replace('/', '~');
    call('GET', '/api/calls/' + encodeURIComponent(wire) + '/context').then((c) => {
      ctx.textContent = c.status === 200 ? 'IVR 路径：' + c.body.pathText + (c.body.citizenId ? ' · 身份证 ' + c.body.citizenId : '')
        : 'IVR 信息：' + (c.status === 404 ? '已过期' : '不可查看');
    });
    const mine = t.claimedBy === me.user;
    const bar = el('div', undefined, 'wo-actions');
    const said = el('p', '', 'wo-status');
    said.id = 'task-said';
    if (mine) {
      bar.append(button('显示完整号码', async () => {
        const r = await call('POST', '/api/tasks/' + encodeURIComponent(t.id) + '/reveal');
        if (r.status === 200) { number.textContent = r.body.number; } else { said.textContent = problem(r); }
      }));
      if (clickToCall) {
        bar.append(button('拨打（软电话）', async () => {
          const r = await call('POST', '/api/tasks/' + encodeURIComponent(t.id) + '/call');
          said.textContent = r.status === 200 ? '正在呼叫，请接起软电话' : '未能呼叫：' + problem(r);
        }));
      }
      for (const [result, words] of RESULTS) {
        const b = button(words, () => finish(t.id, result, said));
        b.dataset.result = result;
        bar.append(b);
      }
      bar.append(button('放回任务池', async () => {
        const r = await call('POST', '/api/tasks/' + encodeURIComponent(t.id) + '/release');
        said.textContent = r.status === 200 ? '已放回任务池' : problem(r);
        await load();
      }));
    }
    detail.append(bar, said);
  }

  async function finish(id, result, said) {
    const r = await call('POST', '/api/tasks/' + encodeURIComponent(id) + '/result', { result });
    if (r.status === 200) {
      said.parentElement.querySelector('.wo-actions').remove();
      said.textContent = r.body.status === 'closed' ? '任务已关闭（' + RESULT_WORDS[result] + '）'
        : '已放回任务池，已尝试 ' + r.body.attempts + ' 次';
      await load();
    } else {
      said.textContent = '未能记录结果：' + problem(r);
    }
  }

  kind.addEventListener('change', load);
  load();
  return { reload: load };
}
