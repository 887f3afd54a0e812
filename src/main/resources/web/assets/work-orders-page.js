// The panels on a page of their own: /agent/work-orders[?call=<system>~<uniqueid>] opens the create form
// prefilled from that call. The notes box stands in for the desktop's wrap-up.
import { mount } from './work-orders.js';
import { call } from './wo-api.js';

const desk = await mount(document.getElementById('work-orders'));
document.getElementById('who').textContent = desk.me.user + '（' + ({ agent: '座席', manager: '班长', admin: '管理员' }[desk.me.role] || desk.me.role) + '）';
document.getElementById('logout').addEventListener('click', async () => {
  await call('POST', '/api/logout');
  location.assign('/login');
});
const params = new URLSearchParams(location.search);
const callId = params.get('call');
if (callId) {
  await desk.setCall(callId, params.get('notes') || '');
}
