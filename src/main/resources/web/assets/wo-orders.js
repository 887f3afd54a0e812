// "My work orders" (a manager also sees every open order): overdue and due-soon first, as the server sorts them;
// an order opens with its details, its history (who, what, when) and the actions its status and the user's role
// allow. Every change sends the order's version, so a change to an order someone moved meanwhile is refused.
import { call, el, button, field, when, problem } from './wo-api.js';

const STATUS_ACTIONS = {
  pending: ['assign'],
  assigned: ['start', 'reassign', 'return', 'extend'],
  in_progress: ['progress', 'reply', 'reassign', 'return', 'extend'],
  replied: ['close', 'return', 'reopen', 'extend'],
  closed: ['reopen'],
};
const MANAGER_ONLY = new Set(['assign', 'reassign', 'return', 'reopen', 'extend']);
const LABELS = { assign: '分派', reassign: '改派', start: '开始办理', progress: '添加进展', reply: '答复',
  close: '办结', return: '退回', reopen: '重办', extend: '延期' };
const HISTORY_WORDS = { created: '创建', linked: '关联来电', assigned: '分派', reassigned: '改派', started: '开始办理',
  progress: '进展', replied: '答复', closed: '办结', returned: '退回', reopened: '重办', extended: '延期' };

function dueBadge(o) {
  if (o.overdue) {
    return el('span', '已超期', 'badge overdue');
  }
  if (o.dueSoon) {
    return el('span', '即将到期', 'badge soon');
  }
  return el('span', '剩 ' + o.workingDaysLeft + ' 个工作日', 'badge');
}

export function ordersPanel(root, me) {
  const manager = me.role === 'manager' || me.role === 'admin';
  const box = el('section', undefined, 'wo-orders');
  const head = el('div', undefined, 'wo-head');
  head.appendChild(el('h2', manager ? '工单（全部在办）' : '我的工单'));
  const scope = document.createElement('select');
  scope.id = 'wo-scope';
  const scopes = manager ? [['all', '全部在办'], ['mine', '我的'], ['overdue', '已超期'], ['dueSoon', '即将到期']]
    : [['mine', '我的'], ['overdue', '已超期'], ['dueSoon', '即将到期']];
  scopes.forEach(([v, t]) => { const o = el('option', t); o.value = v; scope.appendChild(o); });
  head.append(scope, button('刷新', () => load()));
  const table = el('table', undefined, 'wo-table');
  table.id = 'wo-list';
  const thead = el('thead');
  const hr = el('tr');
  ['工单号', '类型', '用人单位', '状态', '承办人', '期限', ''].forEach((h) => hr.appendChild(el('th', h)));
  thead.appendChild(hr);
  const tbody = el('tbody');
  table.append(thead, tbody);
  const status = el('p', '', 'wo-status');
  status.id = 'wo-list-status';
  const detail = el('div', undefined, 'wo-detail');
  detail.id = 'wo-detail';
  detail.hidden = true;
  const layout = el('div', undefined, 'wo-split');
  const left = el('div');
  left.append(head, table, status);
  layout.append(left, detail);
  box.appendChild(layout);
  root.appendChild(box);
  let openId = null;

  async function load() {
    const params = new URLSearchParams({ limit: '200' });
    if (scope.value !== 'all') {
      params.set(scope.value, 'true');
    }
    if (scope.value !== 'mine' && !manager) {
      params.set('mine', 'true');
    }
    const answer = await call('GET', '/api/work-orders?' + params);
    if (answer.status !== 200) {
      status.textContent = '读取工单失败：' + problem(answer);
      return;
    }
    const orders = answer.body.orders.filter((o) => scope.value === 'all' || o.status !== 'closed' || o.id === openId);
    tbody.replaceChildren(...orders.map(row));
    status.textContent = orders.length ? '共 ' + orders.length + ' 件' : '没有工单';
  }

  function row(o) {
    const tr = el('tr');
    tr.dataset.id = o.id;
    if (o.overdue) {
      tr.className = 'overdue';
    } else if (o.dueSoon) {
      tr.className = 'soon';
    }
    const open = button(o.id, () => show(o.id), 'link');
    const first = el('td');
    first.appendChild(open);
    const dueCell = el('td', o.due + ' ');
    dueCell.appendChild(dueBadge(o));
    tr.append(first, el('td', o.typeName), el('td', o.employer), el('td', o.statusLabel), el('td', o.assignee || '—'),
      dueCell);
    return tr;
  }

  async function show(id) {
    openId = id;
    const [answer, history] = await Promise.all([call('GET', '/api/work-orders/' + encodeURIComponent(id)),
      call('GET', '/api/work-orders/' + encodeURIComponent(id) + '/history')]);
    if (answer.status !== 200) {
      status.textContent = '打开工单失败：' + problem(answer);
      return;
    }
    const o = answer.body;
    detail.hidden = false;
    detail.dataset.id = o.id;
    detail.replaceChildren();
    const title = el('h3', o.id + ' · ' + o.typeName + ' · ' + o.statusLabel);
    title.id = 'wo-detail-title';
    detail.appendChild(title);
    const facts = el('dl', undefined, 'wo-facts');
    const fact = (k, v) => { facts.append(el('dt', k), el('dd', v === null || v === undefined || v === '' ? '—' : v)); };
    fact('办结期限', o.due + (o.overdue ? '（已超期）' : o.dueSoon ? '（即将到期）' : '（剩 ' + o.workingDaysLeft + ' 个工作日）'));
    fact('受理日', o.acceptedOn + ' · ' + o.workingDays + ' 个工作日' + (o.extensions ? ' · 延期 ' + o.extensions + ' 次' : ''));
    fact('承办', (o.assignee || '未分派') + ' · ' + (o.department || ''));
    fact('用人单位', o.employer);
    fact('来电人', (o.callerName || '') + ' ' + (o.callerPhone || ''));
    fact('身份证', o.citizenId);
    fact('来电', (o.callIds || []).join('、'));
    fact('诉求', o.description);
    fact('小结', o.notes);
    fact('答复', o.reply);
    fact('回访满意度', o.satisfaction ? o.satisfaction + ' / 5' : null);
    detail.appendChild(facts);
    detail.appendChild(actions(o));
    detail.appendChild(el('h4', '办理记录'));
    const list = el('ol', undefined, 'wo-history');
    list.id = 'wo-history';
    for (const c of history.status === 200 ? history.body.history : []) {
      const li = el('li');
      li.append(el('span', when(c.at), 'at'), el('span', c.actor, 'who'),
        el('span', HISTORY_WORDS[c.action] || c.action, 'what'));
      if (c.assignee) {
        li.append(el('span', '→ ' + c.assignee));
      }
      if (c.action === 'extended') {
        li.append(el('span', '期限至 ' + c.due + '，批准：' + c.approvedBy));
      }
      if (c.note) {
        li.append(el('span', c.note, 'note'));
      }
      list.appendChild(li);
    }
    detail.appendChild(list);
  }

  function actions(o) {
    const bar = el('div', undefined, 'wo-actions');
    const mayWork = o.assignee === me.user || manager;
    for (const a of STATUS_ACTIONS[o.status] || []) {
      if ((MANAGER_ONLY.has(a) && !manager) || (!MANAGER_ONLY.has(a) && !mayWork)) {
        continue;
      }
      const b = button(LABELS[a], () => form(o, a, bar));
      b.dataset.action = a;
      bar.appendChild(b);
    }
    return bar;
  }

  // The few inputs an action needs, below the buttons; 确定 sends it.
  function form(o, action, bar) {
    const old = bar.querySelector('.wo-form');
    if (old) {
      old.remove();
    }
    const f = el('div', undefined, 'wo-form');
    f.id = 'wo-action-form';
    const body = { action, version: o.version };
    const inputs = [];
    const add = (name, label, input) => { input.name = name; inputs.push(input); f.appendChild(field(label, input)); };
    if (action === 'assign' || action === 'reassign') {
      add('assignee', '承办人', Object.assign(document.createElement('input'), { maxLength: 64 }));
    }
    if (action === 'progress' || action === 'reply') {
      add('text', action === 'reply' ? '答复内容' : '进展', Object.assign(document.createElement('textarea'), { rows: 3, maxLength: 4000 }));
    }
    if (action === 'close') {
      const s = document.createElement('select');
      [['', '未回访'], ['5', '5 非常满意'], ['4', '4 满意'], ['3', '3 一般'], ['2', '2 不满意'], ['1', '1 非常不满意']]
        .forEach(([v, t]) => { const op = el('option', t); op.value = v; s.appendChild(op); });
      add('satisfaction', '回访满意度', s);
    }
    if (action === 'extend') {
      add('days', '延长工作日', Object.assign(document.createElement('input'), { type: 'number', min: 1, max: 60, value: 5 }));
    }
    if (['assign', 'reassign', 'return', 'reopen', 'extend'].includes(action)) {
      add('reason', action === 'reopen' || action === 'extend' ? '原因（必填）' : '原因', Object.assign(document.createElement('input'), { maxLength: 500 }));
    }
    const said = el('span', '', 'wo-status');
    f.appendChild(button('确定' + LABELS[action], async () => {
      for (const i of inputs) {
        const v = i.value.trim();
        if (v) {
          body[i.name] = i.name === 'days' || i.name === 'satisfaction' ? Number(v) : v;
        }
      }
      const answer = await call('PATCH', '/api/work-orders/' + encodeURIComponent(o.id), body);
      if (answer.status === 200) {
        await load();
        await show(o.id);
      } else {
        said.textContent = answer.status === 409 ? '工单已被他人更改或当前状态不允许：' + problem(answer) : problem(answer);
      }
    }, 'primary'));
    f.appendChild(said);
    bar.appendChild(f);
  }

  scope.addEventListener('change', load);
  load();
  return { reload: load, show };
}
