const form = document.getElementById('login-form');
const error = document.getElementById('login-error');

// Only a path on this site (with its query, so a shared report link keeps its dates) may follow the login:
// never an address someone put in the link.
function nextPage() {
  const next = new URLSearchParams(location.search).get('next');
  return next && /^\/[a-z][a-z0-9/-]*(\?[^#\\]*)?$/.test(next) ? next : '/';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const response = await fetch('/api/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      user: document.getElementById('user').value,
      password: document.getElementById('password').value,
      cookie: true,
    }),
  });
  if (response.ok) {
    location.assign(nextPage());
    return;
  }
  const body = await response.json().catch(() => ({}));
  error.textContent = response.status === 429 ? '登录失败次数过多：' + (body.error || '请稍后再试')
    : response.status === 401 ? '用户名或密码错误' : (body.error || '登录失败');
  error.hidden = false;
});
