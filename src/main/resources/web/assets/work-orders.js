// The work-order and task panels of the agent desktop, mounted into one element: on the desktop (/agent) into its
// <section id="work-orders">, on their own page (/agent/work-orders) likewise. The desktop tells the panels which
// call is on the desk with a `desk-call` event ({callId, notes}) and hands on pushed notices (work orders falling
// due) with `desk-notice`; both also work as calls on the object mount() returns.
import { session, el, button } from './wo-api.js';
import { createPanel } from './wo-create.js';
import { ordersPanel } from './wo-orders.js';
import { tasksPanel } from './wo-tasks.js';

const DUE_WORDS = { due_soon: '即将到期', overdue: '已超期' };

export async function mount(root) {
  if (root.woDesk) {
    return root.woDesk;
  }
  if (!document.querySelector('link[href="/assets/work-orders.css"]')) {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/assets/work-orders.css';
    document.head.appendChild(css);
  }
  const ready = (async () => {
    const me = await session();
    root.replaceChildren();
    root.classList.add('wo-desk');
    const tabs = el('nav', undefined, 'wo-tabs');
    const notices = el('ul', undefined, 'wo-notices');
    notices.id = 'wo-notices';
    notices.setAttribute('aria-live', 'polite');
    const panes = {};
    const pane = (name) => { const d = el('div', undefined, 'wo-pane'); d.dataset.pane = name; panes[name] = d; return d; };
    root.append(tabs, notices, pane('create'), pane('orders'), pane('tasks'));
    let orders = null;
    const show = (name) => {
      for (const [n, p] of Object.entries(panes)) {
        p.hidden = n !== name;
      }
      tabs.querySelectorAll('button').forEach((b) => b.setAttribute('aria-selected', String(b.dataset.tab === name)));
    };
    [['create', '新建工单'], ['orders', '我的工单'], ['tasks', '回拨/留言任务']].forEach(([name, words]) => {
      const b = button(words, () => { show(name); if (name === 'orders') { orders.reload(); } if (name === 'tasks') { tasks.reload(); } });
      b.dataset.tab = name;
      b.id = 'wo-tab-' + name;
      tabs.appendChild(b);
    });
    const create = createPanel(panes.create, { me, orderMade: () => orders.reload(), showMe: () => show('create') });
    show('orders');
    orders = ordersPanel(panes.orders, me);
    const tasks = tasksPanel(panes.tasks, me);
    return {
      me,
      async setCall(callId, notes) {
        show('create');
        await create.setCall(callId, notes);
      },
      notice(kind, body) {
        if (kind !== 'work_order_due') {
          return;
        }
        const li = el('li', (DUE_WORDS[body.state] || body.state) + '：' + body.id + ' ' + (body.typeName || '') + '，期限 '
          + body.due, body.state === 'overdue' ? 'overdue' : 'soon');
        li.appendChild(button('查看', () => { show('orders'); orders.show(body.id); }, 'link'));
        notices.prepend(li);
        orders.reload();
      },
      show,
    };
  })();
  root.woDesk = ready;
  return ready;
}

// On the desktop: mount into its slot, and follow its events.
const slot = document.getElementById('work-orders');
if (slot) {
  mount(slot);
}
document.addEventListener('desk-call', async (e) => {
  const target = document.getElementById('work-orders');
  if (target) {
    (await mount(target)).setCall(e.detail.callId, e.detail.notes);
  }
});
document.addEventListener('desk-notice', async (e) => {
  const target = document.getElementById('work-orders');
  if (target) {
    (await mount(target)).notice(e.detail.kind, e.detail.body);
  }
});
