// The work-order panels' calls to the API, signed by the session cookie (HttpOnly: no script sees the token).
// Changes carry the session's CSRF token, learnt from /api/me. Every answer comes back as {status, body,
// retryAfter}; the panels decide what a 409 or a 503 means for the person at the desk.
import { element as el } from './api.js';

let csrf = null;

export async function session() {
  const response = await fetch('/api/me', { credentials: 'same-origin' });
  if (response.status === 401) {
    location.assign('/login?next=' + encodeURIComponent(location.pathname + location.search));
    return null;
  }
  const body = await response.json();
  csrf = body.csrf || null;
  return body;
}

export async function call(method, path, payload) {
  const headers = {};
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (csrf) {
      headers['X-CSRF-Token'] = csrf;
    }
  }
  let response;
  try {
    response = await fetch(path, { method, credentials: 'same-origin', headers,
      body: payload === undefined ? undefined : JSON.stringify(payload) });
  } catch (e) {
    return { status: 0, body: { error: '网络不通：' + e.message }, retryAfter: 5 };
  }
  if (response.status === 401) {
    location.assign('/login?next=' + encodeURIComponent(location.pathname + location.search));
  }
  let body = {};
  try {
    body = await response.json();
  } catch (e) {
    body = { error: 'HTTP ' + response.status };
  }
  const retry = Number(response.headers.get('Retry-After'));
  return { status: response.status, body, retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null };
}

// Text from the server or from people goes in as text, never as HTML: the pages' one element().
export { el };

export function button(text, onClick, className) {
  const b = el('button', text, className);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

export function field(label, input) {
  const l = el('label', label, 'wo-field');
  l.appendChild(input);
  return l;
}

export function when(iso) {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

export function problem(answer) {
  return (answer.body && answer.body.error) || ('HTTP ' + answer.status);
}
