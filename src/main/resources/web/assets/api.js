// Calls to the hotline's API from a page signed in by the session cookie. The cookie is HttpOnly: scripts never
// see the session token. State-changing calls carry the session's CSRF token, learnt from /api/me.
let csrf = null;

export async function me() {
  const response = await fetch('/api/me', { credentials: 'same-origin' });
  if (response.status === 401) {
    location.assign('/login?next=' + encodeURIComponent(location.pathname));
    return null;
  }
  const body = await response.json();
  csrf = body.csrf || null;
  return body;
}

export async function getJson(path) {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (response.status === 401) {
    location.assign('/login?next=' + encodeURIComponent(location.pathname));
  }
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || ('HTTP ' + response.status));
  }
  return body;
}

export async function post(path, payload) {
  const headers = { 'Content-Type': 'application/json' };
  if (csrf) {
    headers['X-CSRF-Token'] = csrf;
  }
  return fetch(path, { method: 'POST', credentials: 'same-origin', headers,
    body: payload === undefined ? '' : JSON.stringify(payload) });
}

// Text from the server or from people goes in as text, never as HTML.
export function element(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) {
    e.textContent = String(text);
  }
  if (className) {
    e.className = className;
  }
  return e;
}
