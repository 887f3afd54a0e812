// New work order from the call on the desk: prefilled from the call's context (/api/calls/{id}/context) and the
// wrap-up notes, so an agent makes one in two clicks (新建工单, 提交). The due day shows as soon as a type is
// picked (the server counts it on the working-day calendar). While the data service is down the draft stays in
// this tab's sessionStorage (never the session token) and is retried with the same idempotency key, so a retry
// never makes two orders.
import { call, el, button, field, problem } from './wo-api.js';

const DRAFT = 'hotline.workOrderDraft';

function newKey() {
  if (crypto.randomUUID) {
    return 'wo-' + crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'wo-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// The IVR topic ids (wrapup.yaml) that point at a type; anything else starts on the first type.
const TOPIC_TYPES = { wage_arrears: 'wage_arrears', labour: 'wage_arrears', card: 'card_problem' };

export function createPanel(root, desk) {
  const box = el('section', undefined, 'wo-create');
  box.appendChild(el('h2', '新建工单'));
  const callLine = el('p', '未选择来电：可直接填写，或在来电结束后从小结带入。', 'wo-call');
  callLine.id = 'wo-call';
  const type = document.createElement('select');
  type.id = 'wo-type';
  const due = el('p', '', 'wo-due');
  due.id = 'wo-due';
  const inputs = {};
  const make = (name, tag, attrs) => {
    const i = document.createElement(tag);
    i.id = 'wo-' + name;
    Object.assign(i, attrs || {});
    inputs[name] = i;
    return i;
  };
  make('employer', 'input', { maxLength: 200, placeholder: '用人单位全称' });
  make('department', 'input', { maxLength: 50 });
  make('callerName', 'input', { maxLength: 50 });
  make('callerPhone', 'input', { maxLength: 24, placeholder: '回访号码（可不填）' });
  make('description', 'textarea', { maxLength: 4000, rows: 4 });
  const mine = Object.assign(document.createElement('input'), { type: 'checkbox', checked: true, id: 'wo-mine' });
  const mineLabel = el('label', '由我承办', 'wo-check');
  mineLabel.prepend(mine);
  const status = el('p', '', 'wo-status');
  status.id = 'wo-create-status';
  status.setAttribute('aria-live', 'polite');
  const dups = el('div', undefined, 'wo-dups');
  const submit = button('提交工单', () => send({}), 'primary');
  submit.id = 'wo-submit';
  const grid = el('div', undefined, 'wo-grid');
  grid.append(field('类型', type), field('承办部门', inputs.department), field('用人单位', inputs.employer),
    field('来电人', inputs.callerName), field('回访电话', inputs.callerPhone));
  box.append(callLine, grid, due, field('诉求描述', inputs.description), mineLabel, submit, status, dups);
  root.appendChild(box);

  let types = [];
  let context = { callId: null, citizenId: null, topic: null };
  let key = null;
  let retryTimer = null;

  function showDue() {
    const t = types.find((x) => x.code === type.value);
    if (!t) {
      due.textContent = '';
    } else if (t.dueIfCreatedNow) {
      due.textContent = '办结期限：' + t.dueIfCreatedNow + '（' + t.workingDays + ' 个工作日，自受理次日起算）';
    } else {
      due.textContent = '无法计算期限：' + (t.dueProblem || '缺少节假日日历');
    }
  }

  type.addEventListener('change', () => {
    const t = types.find((x) => x.code === type.value);
    if (t && t.department) {
      inputs.department.value = t.department;
    }
    showDue();
  });

  function payload(extra) {
    const p = { idempotencyKey: key, type: type.value };
    for (const [name, input] of Object.entries(inputs)) {
      if (input.value.trim()) {
        p[name] = input.value.trim();
      }
    }
    if (mine.checked) {
      p.assignee = desk.me.user;
    }
    if (context.callId) {
      p.callId = context.callId;
    }
    if (context.citizenId) {
      p.citizenId = context.citizenId;
    }
    if (context.topic) {
      p.topic = context.topic;
    }
    if (context.notes) {
      p.notes = context.notes;
    }
    return Object.assign(p, extra);
  }

  function keepDraft(p, retrying) {
    sessionStorage.setItem(DRAFT, JSON.stringify({ payload: p, context, retrying }));
  }

  async function send(extra) {
    clearTimeout(retryTimer);
    if (!key) {
      key = newKey();
    }
    const p = payload(extra);
    keepDraft(p, true);
    submit.disabled = true;
    status.textContent = '提交中…';
    const answer = await call('POST', '/api/work-orders', p);
    submit.disabled = false;
    if (answer.status === 401) {
      return; // off to the login page; the draft is retried when this page opens again
    }
    if (answer.status === 201 || answer.status === 200) {
      sessionStorage.removeItem(DRAFT);
      key = null;
      dups.replaceChildren();
      status.textContent = '已创建工单 ' + answer.body.id + '，办结期限 ' + answer.body.due;
      status.dataset.order = answer.body.id;
      desk.orderMade(answer.body);
    } else if (answer.status === 503 || answer.status === 0) {
      const wait = answer.retryAfter || 5;
      status.textContent = '数据服务不可用，草稿已保留在本页，' + wait + ' 秒后用同一幂等键自动重试…';
      retryTimer = setTimeout(() => send(extra), wait * 1000);
    } else if (answer.status === 409 && answer.body.possibleDuplicates) {
      offerDuplicates(answer.body.possibleDuplicates);
    } else {
      keepDraft(p, false);
      status.textContent = '未能创建：' + problem(answer);
    }
  }

  function offerDuplicates(list) {
    status.textContent = '该来电人 30 天内已有同类工单，可关联到已有工单，或仍然新建。';
    dups.replaceChildren();
    for (const d of list) {
      const row = el('div', undefined, 'wo-dup');
      row.append(el('span', d.id + ' · ' + d.typeName + ' · ' + (d.employer || '') + ' · ' + d.statusLabel + ' · 期限 ' + d.due));
      row.append(button('关联到此工单', () => send({ linkTo: d.id })));
      dups.appendChild(row);
    }
    dups.appendChild(button('仍然新建', () => send({ createAnyway: true })));
  }

  // The call on the desk: its context prefills the form. The caller's number arrives masked; the agent the call
  // rang gets it in full for the callback number (the server audits that reveal), anyone else types it if needed.
  async function setCall(callId, notes) {
    const wire = String(callId || '').replace('/', '~');
    context = { callId: wire ? wire.replace('~', '/') : null, notes: notes || null, citizenId: null, topic: null };
    inputs.description.value = notes || '';
    inputs.callerPhone.value = '';
    if (!wire) {
      return;
    }
    const answer = await call('GET', '/api/calls/' + encodeURIComponent(wire) + '/context');
    if (answer.status !== 200) {
      callLine.textContent = '来电 ' + context.callId + '（无法读取来电信息：' + problem(answer) + '）';
      return;
    }
    const c = answer.body;
    const topic = c.topics && c.topics.length ? c.topics[c.topics.length - 1] : null;
    context.citizenId = c.citizenId || null;
    context.topic = topic ? topic.id : null;
    callLine.textContent = '来电 ' + context.callId + ' · 来电人 ' + (c.caller || '未知') + ' · 身份证 '
      + (c.citizenId || '未输入') + ' · 主题 ' + (topic ? topic.name : '无') + ' · ' + c.pathText;
    const wanted = topic && TOPIC_TYPES[topic.id];
    if (wanted && types.some((t) => t.code === wanted)) {
      type.value = wanted;
      type.dispatchEvent(new Event('change'));
    }
    if (!inputs.description.value) {
      inputs.description.value = '来电路径：' + c.pathText + (topic ? '；主题：' + topic.name : '');
    }
    if (c.callerPhoneForYou) {
      const phone = await call('POST', '/api/calls/' + encodeURIComponent(wire) + '/caller-phone', {});
      if (phone.status === 200 && !inputs.callerPhone.value) {
        inputs.callerPhone.value = phone.body.callerPhone;
      }
    }
  }

  async function start() {
    const answer = await call('GET', '/api/work-order-types');
    types = answer.status === 200 ? answer.body.types : [];
    type.replaceChildren(...types.map((t) => {
      const o = el('option', t.name + '（' + t.workingDays + ' 个工作日）');
      o.value = t.code;
      return o;
    }));
    type.dispatchEvent(new Event('change'));
    const kept = sessionStorage.getItem(DRAFT);
    if (kept) {
      const { payload: p, context: c, retrying } = JSON.parse(kept);
      desk.showMe();
      key = p.idempotencyKey;
      context = c || context;
      type.value = p.type;
      showDue();
      for (const [name, input] of Object.entries(inputs)) {
        input.value = p[name] || '';
      }
      if (retrying) {
        status.textContent = '恢复了未提交的草稿，正在用同一幂等键重试…';
        send({});
      } else {
        status.textContent = '恢复了未提交的草稿。';
      }
    }
  }

  const ready = start();
  return { setCall: async (callId, notes) => { await ready; return setCall(callId, notes); }, focus: () => type.focus() };
}
